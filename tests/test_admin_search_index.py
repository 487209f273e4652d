"""The events changelist's search asks whether any source of an event is named with the term
(events.admin.event_search): on PostgreSQL a trigram index on the names answers it, so the
search does not read every source (sources/migrations/0008)."""

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test import RequestFactory

from events.models import Event
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db


def searched(term: str):
    admin = site.get_model_admin(Event)
    request = RequestFactory().get("/admin/events/event/", {"q": term})
    queryset, _ = admin.get_search_results(request, Event.objects.all(), term)
    return queryset


def test_sources_named_with_the_term_are_found_through_their_names_index():
    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes are PostgreSQL's")
    event = EventFactory(headline="A bridge opens.")
    SourceFactory(event=event, name="Flood Watch")
    assert list(searched("flood watch")) == [event]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the few test rows aside
    plan = searched("flood").explain()
    assert "source_name_trigrams" in plan
