"""The admin's lists whatever the archive's size: the events search finds each event once
without DISTINCT, a searched or filtered list shows no date drill-down until a year is chosen,
the topic filter reads the stored counts, and the desk's counts stop past a bound and say so."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.editorial import desk
from events.models import Event
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:events_event_changelist")
DESK = reverse("admin:index")


def get_with_statements(client, path, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return response, [query["sql"] for query in queries.captured_queries]


def test_an_event_found_by_two_sources_names_is_listed_once_without_distinct(admin_client):
    found = EventFactory(headline="Found by its outlets.")
    SourceFactory(event=found, name="Winnipeg Free Press")
    SourceFactory(event=found, name="Winnipeg Sun")
    EventFactory(headline="Not this one.")
    response, statements = get_with_statements(admin_client, CHANGELIST, {"q": "winnipeg"})
    assert list(response.context["cl"].result_list) == [found]
    assert response.context["cl"].result_count == 1
    assert not [sql for sql in statements if "DISTINCT" in sql.upper()]


def test_every_word_of_a_search_is_needed_in_some_field(admin_client):
    both = EventFactory(headline="Flood in the valley.")
    SourceFactory(event=both, name="Winnipeg Free Press")
    EventFactory(headline="Flood elsewhere.")
    quoted = EventFactory(headline="A phrase: river flood warning.")
    response = admin_client.get(CHANGELIST, {"q": "flood winnipeg"})
    assert list(response.context["cl"].result_list) == [both]
    response = admin_client.get(CHANGELIST, {"q": '"river flood"'})
    assert list(response.context["cl"].result_list) == [quoted]


def test_the_search_query_count_does_not_grow_with_its_matches(admin_client):
    def add(count, offset):
        for n in range(count):
            event = EventFactory(
                headline=f"Flood number {offset + n}.",
                date=datetime.date(2012, 1, 1) + datetime.timedelta(days=offset + n),
            )
            event.topics.add(f"Topic {n % 3}")
            SourceFactory(event=event, name="Flood Watch")

    add(3, 0)
    get_with_statements(admin_client, CHANGELIST, {"q": "flood"})  # content types cached
    _, few = get_with_statements(admin_client, CHANGELIST, {"q": "flood"})
    add(30, 100)
    _, many = get_with_statements(admin_client, CHANGELIST, {"q": "flood"})
    assert len(many) == len(few)


def date_drilldown_statements(statements: list[str]) -> list[str]:
    """The date drill-down's own statements: each asks for one date (the first of a period)."""
    return [sql for sql in statements if sql.startswith('SELECT "events_event"."date" ')]


def test_a_search_shows_no_date_drilldown_until_a_year_is_chosen(admin_client):
    EventFactory(headline="Flood one.", date=datetime.date(2012, 3, 1))
    EventFactory(headline="Flood two.", date=datetime.date(2014, 5, 1))
    response, statements = get_with_statements(admin_client, CHANGELIST, {"q": "flood"})
    page = response.content.decode()
    assert 'id="dates-after-search"' in page
    assert "choose a year before searching or filtering" in page
    assert date_drilldown_statements(statements) == []
    response, statements = get_with_statements(
        admin_client, CHANGELIST, {"q": "flood", "date__year": "2012"}
    )
    page = response.content.decode()
    assert 'id="dates-after-search"' not in page
    assert "date__month=3" in page  # the year's months that the search keeps
    assert date_drilldown_statements(statements)


def test_the_whole_list_keeps_its_date_drilldown_read_period_by_period(admin_client):
    for date in ("2012-03-01", "2012-03-09", "2012-07-02", "2014-05-01"):
        EventFactory(date=datetime.date.fromisoformat(date))
    response, statements = get_with_statements(admin_client, CHANGELIST)
    page = response.content.decode()
    assert 'id="dates-after-search"' not in page
    assert "date__year=2012" in page and "date__year=2014" in page
    assert "date__year=2013" not in page  # a year without events is not offered
    # No statement truncates every event's date: each asks for the first date after a period.
    assert not [sql for sql in statements if "TRUNC" in sql.upper() or "DISTINCT" in sql.upper()]
    page = admin_client.get(CHANGELIST, {"date__year": "2012"}).content.decode()
    assert "date__month=3" in page and "date__month=7" in page and "date__month=5" not in page
    page = admin_client.get(CHANGELIST, {"date__year": "2012", "date__month": "3"}).content
    assert b"date__day=1" in page and b"date__day=9" in page and b"date__day=2&" not in page


def test_the_topic_filter_offers_the_most_used_topics_by_their_stored_counts(admin_client):
    for _ in range(3):
        EventFactory().topics.add("Often")
    EventFactory().topics.add("Seldom")
    response, statements = get_with_statements(admin_client, CHANGELIST)
    topic_filter = next(
        spec
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "parameter_name", "") == "topic"
    )
    assert [name for _, name in topic_filter.lookup_choices][:2] == ["Often", "Seldom"]
    # No statement counts the topics' rows: the counts are the topics' own.
    assert not [sql for sql in statements if "COUNT(" in sql and "events_taggedevent" in sql]


def test_desk_counts_stop_past_the_bound_and_say_so(admin_client, monkeypatch):
    monkeypatch.setattr(desk, "COUNTED_AT_MOST", 3)
    for _ in range(3):
        EventFactory(status=Event.Status.DRAFT)
    for _ in range(5):
        EventFactory()  # published, without sources
    page = admin_client.get(DESK).content.decode()
    drafts = page.split('id="all-drafts"')[1].split("</h2>")[0]
    assert "(3)" in drafts and "over" not in drafts
    published = page.split('id="published"')[1].split('<div class="module"')[0]
    assert "(over 3)" in published
    assert "All (over 3)" in published
