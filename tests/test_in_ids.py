"""`__in_ids`: `__in` for long lists of integer ids, on primary and foreign keys, in reads,
updates and deletes, with the list passed whole."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event, TaggedEvent
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_in_ids_finds_what_in_finds():
    events = [EventFactory(topics=["Chongqing"]) for _ in range(5)]
    EventFactory(topics=["Chongqing"])  # not asked for
    ids = [event.pk for event in events[:4]] + [10**12]  # and an id nobody has
    assert set(Event.objects.filter(pk__in_ids=ids)) == set(Event.objects.filter(pk__in=ids))
    rows = TaggedEvent.objects.filter(content_object_id__in_ids=ids)
    assert sorted(rows.values_list("content_object_id", flat=True)) == sorted(ids[:4])
    assert list(Event.objects.filter(pk__in_ids=[])) == []
    assert Event.objects.exclude(pk__in_ids=[]).count() == 6


def test_in_ids_updates_and_deletes_and_passes_the_list_whole():
    events = [EventFactory() for _ in range(3)]
    ids = [event.pk for event in events[:2]]
    with CaptureQueriesContext(connection) as queries:
        assert Event.objects.filter(pk__in_ids=ids).update(summary="Changed.") == 2
    update = queries.captured_queries[-1]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in update  # one array parameter, whatever the list's length
    assert sorted(Event.objects.filter(summary="Changed.").values_list("pk", flat=True)) == ids
    Event.objects.filter(pk__in_ids=ids).delete()
    assert list(Event.objects.values_list("pk", flat=True)) == [events[2].pk]
