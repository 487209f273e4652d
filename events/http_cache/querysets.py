"""Querysets whose `update()` purges what it changes: it sends no signals of its own.

`bulk_update()` goes through `update()` batch by batch, so it purges too. Each model says
what of its rows it needs to know before and after (`written_state`) and which keys that
makes (`keys_changed`). The same states tell events.last_change which events' change time
moves (`events_changed`); `delete()` moves them too (Django sends no signal for it).
"""

from django.db import models, transaction
from django.utils import timezone

from . import keys
from .purge import purging, request_purge


def last_change():
    from events import last_change  # it imports the models, which import this module

    return last_change


class PurgingQuerySet(models.QuerySet):
    def update(self, **kwargs):
        shown = last_change().shows_change(self.model, kwargs)
        if not purging() and not shown:
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            pks = list(self.values_list("pk", flat=True))
            before = self.written_state(pks)
            count = super().update(**self.with_change_time(kwargs) if shown else kwargs)
            after = self.written_state(pks)
            if shown:
                self.events_changed(before, after)
            if purging():
                request_purge(self.keys_changed(before, after), using=self.db)
        return count

    update.alters_data = True
    update.queryset_only = True

    def with_change_time(self, columns: dict) -> dict:
        return columns

    def written_state(self, pks: list):
        raise NotImplementedError

    def keys_changed(self, before, after) -> set[str]:
        raise NotImplementedError

    def events_changed(self, before, after) -> None:
        raise NotImplementedError


class EventRowQuerySet(PurgingQuerySet):
    """Events: their places in the lists before and after (see `keys.for_events`)."""

    def with_change_time(self, columns):
        return {"updated_at": timezone.now(), **columns}

    def written_state(self, pks):
        return keys.states_of(pks)

    def keys_changed(self, before, after):
        return keys.for_events(before, after)

    def events_changed(self, before, after):
        changes = last_change()
        changes.touch_events_showing(before.keys())
        left = [pk for pk, state in before.items() if state.is_public and not after[pk].is_public]
        changes.record_withdrawals(left)


class EventPartQuerySet(PurgingQuerySet):
    """Rows that belong to one event (`event_id`): sources, related links."""

    def written_state(self, pks):
        return set(self.model.objects.filter(pk__in=pks).values_list("event_id", flat=True))

    def keys_changed(self, before, after):
        return keys.for_event_parts(before | after)

    def events_changed(self, before, after):
        last_change().touch(before | after)

    def delete(self):
        with transaction.atomic(using=self.db, savepoint=False):
            last_change().touch_events_of_rows(self, "event_id")
            return super().delete()

    delete.alters_data = True
    delete.queryset_only = True


class TopicRowQuerySet(PurgingQuerySet):
    def counted_publicly(self):
        """The rows the public sees (events.models.topic.counts_publicly)."""
        from events.models.topic import counts_publicly

        return self.filter(counts_publicly())

    def seen_publicly(self):
        """The rows of public events (`Event.objects.published()`) that the public sees: what
        a topic's public events and counts are made of."""
        from events.models import Event

        return self.counted_publicly().filter(content_object__in=Event.objects.published())

    def written_state(self, pks):
        rows = self.model.objects.filter(pk__in=pks)
        return set(rows.values_list("content_object_id", "tag_id"))

    def keys_changed(self, before, after):
        return keys.for_topic_rows(before | after)

    def events_changed(self, before, after):
        last_change().touch(event_id for event_id, _ in before | after)

    def delete(self):
        with transaction.atomic(using=self.db, savepoint=False):
            last_change().touch_events_of_rows(self, "content_object_id")
            return super().delete()

    delete.alters_data = True
    delete.queryset_only = True


class TopicQuerySet(PurgingQuerySet):
    def written_state(self, pks):
        return set(pks)

    def keys_changed(self, before, after):
        return keys.for_topics(before)

    def events_changed(self, before, after):
        last_change().touch_events_tagged(before)
