"""An event's last change (`Event.updated_at`) moves whenever what the public sees of it does.

The read API's `updated_since` lets a client keep a copy in sync. Sources, related links and
topic rows have no change times of their own, and a deleted row leaves nothing to compare, so
rather than comparing against the newest of the event's and its rows' times, every write to
those rows moves `updated_at` of the events they belong to, in the same transaction:

- saves and single deletes: the signal handlers below and the models' `delete()`;
- bulk `update()`, `bulk_update()` and `delete()`: the rows' querysets
  (events.http_cache.querysets), which already read the rows' events to purge them;
- a topic renamed, merged or deleted: every event carrying it;
- an event saved or deleted: the events whose related links show it and those its links give
  topics to (both change with its headline, address and whether it is public);
- the import sets `updated_at` on the events it rewrites (events.archive.writer) and moves the
  events whose links point at them.

Writes of columns the public never sees (link checks, the date copied onto topic rows) move
nothing. A public event that stops being public is recorded as a `Withdrawal` (the API lists
those: `updated_since` only lists public events).
"""

from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from sources.models import Source

from .models import Event, Related, TaggedEvent, Topic, Withdrawal

# Columns of each kind of row the public sees (the rest: check times, copies, bookkeeping).
SHOWN_COLUMNS = {
    Source: {"event", "event_id", "position", "name", "url", "snapshot_title", "snapshot_text"},
    Related: {"event", "event_id", "position", "target", "target_id", "target_path"}
    | {"target_headline", "context"},
    TaggedEvent: {"content_object", "content_object_id", "tag", "tag_id", "given_by"}
    | {"given_by_id", "position"},
    Topic: {"name", "slug"},
    Event: {"date", "position", "headline", "summary", "slug", "cover_image_url", "status"}
    | {"publish_at"},
}
WAS_PUBLIC = "was_public_before_save"


def shows_change(model, columns: Iterable[str] | None) -> bool:
    """Whether writing `columns` (None: every one) of `model` changes what the public sees."""
    return columns is None or bool(SHOWN_COLUMNS[model] & set(columns))


def touch(event_ids: Iterable[int | None]) -> None:
    ids = {pk for pk in event_ids if pk is not None}
    if ids:
        touch_events(Event.objects.filter(pk__in=ids))


def touch_events(events) -> None:
    """One UPDATE of the events' change time (also through a subquery, with no read first).
    Not through the events' purging update(): the write that called this purges its pages."""
    models.QuerySet.update(events.order_by(), updated_at=timezone.now())


def touch_events_of_rows(rows, column: str) -> None:
    """The events that `rows` (a queryset of sources, links or topic rows) belong to."""
    touch_events(Event.objects.filter(pk__in=rows.order_by().values(column)))


def touch_events_showing(event_ids: Iterable[int]) -> None:
    """Events whose related links show these events, and those these give topics to."""
    ids = list(event_ids)
    linking = Related.objects.filter(target_id__in=ids).values("event_id")
    given = TaggedEvent.objects.filter(given_by_id__in=ids).values("content_object_id")
    touch_events(Event.objects.filter(Q(pk__in=linking) | Q(pk__in=given)))


def touch_events_tagged(topic_ids: Iterable[int]) -> None:
    rows = TaggedEvent.objects.filter(tag_id__in=list(topic_ids))
    touch_events_of_rows(rows, "content_object_id")


def record_withdrawals(event_ids: Iterable[int]) -> None:
    now = timezone.now()
    Withdrawal.objects.bulk_create(Withdrawal(event_id=pk, withdrawn_at=now) for pk in event_ids)


# Single writes --------------------------------------------------------------------------


@receiver(post_save, sender=Source, dispatch_uid="last_change.source_saved")
@receiver(post_save, sender=Related, dispatch_uid="last_change.related_saved")
def event_part_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and shows_change(sender, update_fields):
        touch([instance.event_id])


@receiver(post_save, sender=TaggedEvent, dispatch_uid="last_change.topic_row_saved")
def topic_row_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and shows_change(sender, update_fields):
        touch([instance.content_object_id])


@receiver(m2m_changed, sender=TaggedEvent, dispatch_uid="last_change.topics_changed")
def topics_changed(sender, instance, action, pk_set=None, **kwargs):
    """taggit's `event.topics.add/remove/set/clear`."""
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Event):
        touch([instance.pk])


@receiver(post_save, sender=Topic, dispatch_uid="last_change.topic_saved")
def topic_saved(sender, instance, raw=False, created=False, update_fields=None, **kwargs):
    if not raw and not created and shows_change(sender, update_fields):
        touch_events_tagged([instance.pk])


@receiver(pre_delete, sender=Topic, dispatch_uid="last_change.topic_deleted")
def topic_deleted(sender, instance, **kwargs):
    touch_events_tagged([instance.pk])


@receiver(pre_save, sender=Event, dispatch_uid="last_change.event_before_save")
def remember_whether_public(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk is not None:
        was_public = Event.objects.published().filter(pk=instance.pk).exists()
        setattr(instance, WAS_PUBLIC, was_public)


@receiver(post_save, sender=Event, dispatch_uid="last_change.event_saved")
def event_saved(sender, instance, raw=False, created=False, update_fields=None, **kwargs):
    if raw or created or not shows_change(sender, update_fields):
        return
    touch_events_showing([instance.pk])
    if getattr(instance, WAS_PUBLIC, False) and not instance.is_published:
        record_withdrawals([instance.pk])


@receiver(pre_delete, sender=Event, dispatch_uid="last_change.event_deleted")
def event_deleted(sender, instance, **kwargs):
    touch_events_showing([instance.pk])
    if Event.objects.published().filter(pk=instance.pk).exists():
        record_withdrawals([instance.pk])
