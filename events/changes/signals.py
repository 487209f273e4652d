"""Single saves and deletes announce themselves through Django's model signals.

Inside `writing()` they are noted on its change. Outside one (a `save()` in a shell, a
factory in a test), each save or delete gets a change of its own: begun before the row is
written (an event's state before), settled right after it, within the same transaction
when there is one. Bulk writes (`QuerySet.update()`, `bulk_update()`, `bulk_create()`) send
no signals: the code that makes them states them on its change (see events.changes).
Related links waiting for an event resolve when it is saved; links to an event the public
never saw go with it when it is deleted (events.links).
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from events.http_cache.keys import NOT_FOUND, REDIRECTS
from events.links import drop_links_to_unseen, resolve_links_to
from events.models import Event, Redirect, Related, TaggedEvent, Topic
from sources.models import Outlet, Source
from sources.signals import outlets_changed, sources_changed

from .purges import ADDRESSES
from .record import Change, active, is_settling, settling, writing
from .settle import settle

OWN_CHANGE = "_change_of_this_write"
# A source's columns the read API does not show (its pages show whether a link is dead).
UNSEEN_BY_API = {"link_state", "last_checked_at", "failing_since", "outlet", "outlet_id"}
TOPIC_CHANGES = {"pre_add", "pre_remove", "pre_clear"}
TOPICS_CHANGED = {"post_add", "post_remove", "post_clear"}


def begin(instance) -> Change:
    """The change `instance`'s write belongs to: the one being written, or its own. While a
    change is being settled, the rows its settling writes are its own business: a change of
    their own that is never settled."""
    change = active()
    if is_settling():
        return Change()
    if change is None:
        change = getattr(instance, OWN_CHANGE, None) or Change()
        setattr(instance, OWN_CHANGE, change)
    return change


def end(instance) -> None:
    """Settle the change of `instance`'s own write, if it had one."""
    change = getattr(instance, OWN_CHANGE, None)
    if change is not None:
        delattr(instance, OWN_CHANGE)
        with transaction.atomic(), settling():
            settle(change)


@receiver(pre_save, sender=Event, dispatch_uid="changes.event_before_save")
@receiver(pre_delete, sender=Event, dispatch_uid="changes.event_before_delete")
def event_changing(sender, instance, raw=False, signal=None, **kwargs):
    if raw:
        return
    change = begin(instance)
    change.events([instance.pk])
    if signal is pre_delete:
        drop_links_to_unseen(instance, change)


@receiver(post_save, sender=Event, dispatch_uid="changes.event_saved")
def event_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw:
        return
    change = begin(instance)
    if created:
        change.created([instance.pk])
    resolve_links_to(instance, change)
    end(instance)


@receiver(post_delete, sender=Event, dispatch_uid="changes.event_deleted")
def event_deleted(sender, instance, **kwargs):
    begin(instance).deleted_events([instance.pk])
    end(instance)


@receiver(pre_save, sender=Source, dispatch_uid="changes.source_before_save")
def source_changing(sender, instance, raw=False, **kwargs):
    fields = kwargs.get("update_fields")
    if not raw and (fields is None or "event" in fields):
        begin(instance).sources_of([instance.event_id, *_stored(Source, instance, "event_id")])


@receiver(post_save, sender=Source, dispatch_uid="changes.source_saved")
@receiver(post_delete, sender=Source, dispatch_uid="changes.source_deleted")
def source_written(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw:
        shown = update_fields is None or bool(set(update_fields) - UNSEEN_BY_API)
        change = begin(instance)
        if shown:
            change.sources_of([instance.event_id])
            change.purge(*ADDRESSES)  # a snapshot's address may start or stop answering
        else:
            change.link_states_of([instance.event_id])
        end(instance)


@receiver(pre_save, sender=Related, dispatch_uid="changes.link_before_save")
def link_changing(sender, instance, raw=False, **kwargs):
    """Before: the topics its event gave by the link as it was."""
    if not raw:
        begin(instance).links_of([instance.event_id, *_stored(Related, instance, "event_id")])


@receiver(post_save, sender=Related, dispatch_uid="changes.link_saved")
@receiver(post_delete, sender=Related, dispatch_uid="changes.link_deleted")
def link_written(sender, instance, raw=False, **kwargs):
    if not raw:
        begin(instance).links_of([instance.event_id])
        end(instance)


def _stored(model, instance, column: str) -> list:
    """The row's `column` as stored, if the row exists: a source or link moved to another
    event changes that one too."""
    if instance.pk is None:
        return []
    return list(model.objects.filter(pk=instance.pk).values_list(column, flat=True))


@receiver(post_save, sender=TaggedEvent, dispatch_uid="changes.topic_row_saved")
@receiver(post_delete, sender=TaggedEvent, dispatch_uid="changes.topic_row_deleted")
def topic_row_written(sender, instance, raw=False, **kwargs):
    if not raw:
        begin(instance).own_topics([(instance.content_object_id, instance.tag_id)])
        end(instance)


@receiver(m2m_changed, sender=TaggedEvent, dispatch_uid="changes.topics_changed")
def topics_changed(sender, instance, action, pk_set=None, **kwargs):
    """taggit's `event.topics.add/remove/set/clear`."""
    if not isinstance(instance, Event):
        return
    if action in TOPIC_CHANGES:
        change = begin(instance)
        topic_ids = pk_set if pk_set is not None else instance.topics.values_list("pk", flat=True)
        change.own_topics((instance.pk, topic_id) for topic_id in topic_ids)
    elif action in TOPICS_CHANGED:
        end(instance)


@receiver(post_save, sender=Topic, dispatch_uid="changes.topic_saved")
@receiver(pre_delete, sender=Topic, dispatch_uid="changes.topic_before_delete")
def topic_renamed(sender, instance, raw=False, created=False, signal=None, **kwargs):
    if raw or created:
        return
    begin(instance).topics_renamed([instance.pk])
    if signal is post_save:
        end(instance)


@receiver(post_delete, sender=Topic, dispatch_uid="changes.topic_deleted")
def topic_deleted(sender, instance, **kwargs):
    end(instance)


@receiver(post_save, sender=Outlet, dispatch_uid="changes.outlet_saved")
def outlet_saved(sender, instance, raw=False, created=False, **kwargs):
    """A renamed outlet shows beside every source of it; a new one has none yet."""
    if not raw and not created:
        begin(instance).outlets_renamed([instance.pk])
        end(instance)


@receiver(post_save, sender=Redirect, dispatch_uid="changes.redirect_saved")
@receiver(post_delete, sender=Redirect, dispatch_uid="changes.redirect_deleted")
def redirect_written(sender, instance, raw=False, **kwargs):
    if not raw:
        begin(instance).purge(REDIRECTS, NOT_FOUND)
        end(instance)


@receiver(sources_changed, dispatch_uid="changes.sources_changed")
def sources_written(sender, event_ids, shown_by_api=True, **kwargs):
    with writing() as change:
        if shown_by_api:
            change.sources_of(event_ids)
            change.purge(*ADDRESSES)  # snapshots' addresses start answering
        else:
            change.link_states_of(event_ids)


@receiver(outlets_changed, dispatch_uid="changes.outlets_changed")
def outlets_written(sender, outlet_ids, **kwargs):
    with writing() as change:
        change.outlets_renamed(outlet_ids)
