"""Single-object writes the public could see, turned into purges (see `keys` and `purge`).

Bulk writes send no signals: `QuerySet.update()` and `bulk_update()` of the archive's models
purge through their querysets (events.models, sources.models), and the import, topic merges
and revision restores request their purges themselves.

No delete handler for sources, related links or topic rows, on purpose: one makes Django load
and signal every row of a bulk delete, which the import does by the thousand. Those rows are
deleted with their event's save (which purges the event) or in bulk by code that purges.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from sources.models import Outlet, Source

from ..models import Event, Redirect, Related, TaggedEvent, Topic
from . import keys
from .purge import purging, request_purge

STATE_BEFORE = "_state_before_write"
TOPIC_CHANGES = {"post_add", "post_remove", "post_clear"}


@receiver(pre_save, sender=Event, dispatch_uid="http_cache.event_before_save")
@receiver(pre_delete, sender=Event, dispatch_uid="http_cache.event_before_delete")
def remember_event_state(sender, instance, raw=False, **kwargs):
    if purging() and not raw and instance.pk is not None:
        setattr(instance, STATE_BEFORE, keys.states_of([instance.pk]))


@receiver(post_save, sender=Event, dispatch_uid="http_cache.event_saved")
def event_saved(sender, instance, raw=False, **kwargs):
    if purging() and not raw:
        before = getattr(instance, STATE_BEFORE, {})
        request_purge(keys.for_events(before, keys.states_of([instance.pk])))


@receiver(post_delete, sender=Event, dispatch_uid="http_cache.event_deleted")
def event_deleted(sender, instance, **kwargs):
    if purging():
        request_purge(keys.for_events(getattr(instance, STATE_BEFORE, {}), {}))


@receiver(post_save, sender=Source, dispatch_uid="http_cache.source_saved")
@receiver(post_save, sender=Related, dispatch_uid="http_cache.related_saved")
def event_part_saved(sender, instance, raw=False, **kwargs):
    if purging() and not raw:
        request_purge(keys.for_event_parts([instance.event_id]))


@receiver(post_save, sender=Outlet, dispatch_uid="http_cache.outlet_saved")
def outlet_saved(sender, instance, raw=False, created=False, **kwargs):
    """A renamed outlet shows beside every source of it; a new one has none yet."""
    if purging() and not raw and not created:
        event_ids = Source.objects.filter(outlet=instance).values_list("event_id", flat=True)
        request_purge(keys.for_outlets(set(event_ids)))


@receiver(post_save, sender=TaggedEvent, dispatch_uid="http_cache.topic_row_saved")
def topic_row_saved(sender, instance, raw=False, **kwargs):
    if purging() and not raw:
        request_purge(keys.for_topic_rows([(instance.content_object_id, instance.tag_id)]))


@receiver(m2m_changed, sender=TaggedEvent, dispatch_uid="http_cache.topics_changed")
def topics_changed(sender, instance, action, pk_set=None, **kwargs):
    """taggit's `event.topics.add/remove/set/clear`."""
    if not purging():
        return
    if action == "pre_clear" and isinstance(instance, Event):
        setattr(instance, STATE_BEFORE, keys.states_of([instance.pk]))
    if action not in TOPIC_CHANGES or not isinstance(instance, Event):
        return
    cleared = getattr(instance, STATE_BEFORE, {}).get(instance.pk)
    topic_ids = pk_set or (cleared.topic_ids if cleared else ())
    request_purge(keys.for_topic_rows((instance.pk, topic_id) for topic_id in topic_ids))


@receiver(post_save, sender=Topic, dispatch_uid="http_cache.topic_saved")
@receiver(pre_delete, sender=Topic, dispatch_uid="http_cache.topic_deleted")
def topic_changed(sender, instance, raw=False, created=False, **kwargs):
    if purging() and not raw and not created:
        request_purge(keys.for_topics([instance.pk]))


@receiver(post_save, sender=Redirect, dispatch_uid="http_cache.redirect_saved")
@receiver(post_delete, sender=Redirect, dispatch_uid="http_cache.redirect_deleted")
def redirect_changed(sender, raw=False, **kwargs):
    if purging() and not raw:
        request_purge({keys.REDIRECTS, keys.NOT_FOUND})
