"""Querysets whose `update()` purges what it changes: it sends no signals of its own.

`bulk_update()` goes through `update()` batch by batch, so it purges too. Each model says
what of its rows it needs to know before and after (`written_state`) and which keys that
makes (`keys_changed`).
"""

from django.db import models, transaction

from . import keys
from .purge import purging, request_purge


class PurgingQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if not purging():
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            pks = list(self.values_list("pk", flat=True))
            before = self.written_state(pks)
            count = super().update(**kwargs)
            request_purge(self.keys_changed(before, self.written_state(pks)), using=self.db)
        return count

    update.alters_data = True
    update.queryset_only = True

    def written_state(self, pks: list):
        raise NotImplementedError

    def keys_changed(self, before, after) -> set[str]:
        raise NotImplementedError


class EventRowQuerySet(PurgingQuerySet):
    """Events: their places in the lists before and after (see `keys.for_events`)."""

    def written_state(self, pks):
        return keys.states_of(pks)

    def keys_changed(self, before, after):
        return keys.for_events(before, after)


class EventPartQuerySet(PurgingQuerySet):
    """Rows that belong to one event (`event_id`): sources, related links."""

    def written_state(self, pks):
        return set(self.model.objects.filter(pk__in=pks).values_list("event_id", flat=True))

    def keys_changed(self, before, after):
        return keys.for_event_parts(before | after)


class TopicRowQuerySet(PurgingQuerySet):
    def counted_publicly(self):
        """The rows the public sees (events.models.topic.counts_publicly)."""
        from events.models.topic import counts_publicly

        return self.filter(counts_publicly())

    def written_state(self, pks):
        rows = self.model.objects.filter(pk__in=pks)
        return set(rows.values_list("content_object_id", "tag_id"))

    def keys_changed(self, before, after):
        return keys.for_topic_rows(before | after)


class TopicQuerySet(PurgingQuerySet):
    def written_state(self, pks):
        return set(pks)

    def keys_changed(self, before, after):
        return keys.for_topics(before)
