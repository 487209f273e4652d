"""The admin's long lists: counted exactly up to ESTIMATE_ABOVE rows, beyond that (PostgreSQL)
the planner's estimate, said to be one ("about ..."), and never a count of the whole table
beside a filtered list."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Event
from newsroom.admin_counts import ESTIMATE_ABOVE
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/events/event/"


def many_events(n: int) -> None:
    now = timezone.now()
    Event.objects.bulk_create(
        Event(
            date=datetime.date(2012, 2, 8),
            slug=f"e-{k}",
            headline=f"Event {k}.",
            status="published",
            publish_at=now,
            position=k,
        )
        for k in range(n)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the statistics autovacuum keeps


def counts_of_events(sql_statements: list[str]) -> list[str]:
    return [sql for sql in sql_statements if "COUNT(*)" in sql.upper() and "events_event" in sql]


def test_a_short_list_is_counted_exactly_and_says_nothing_more(admin_client):
    for _ in range(3):
        EventFactory()
    EventFactory(status=Event.Status.DRAFT)
    if connection.vendor == "postgresql":
        # Statistics another test's ANALYZE left (kept through its rollback) would make
        # this short list look long: the count this test is about is then not asked.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE events_event")
    with CaptureQueriesContext(connection) as queries:
        page = admin_client.get(CHANGELIST, {"status__exact": "published"}).content.decode()
    assert "3 events" in page
    assert "about" not in page.split('class="paginator"')[1]
    # One count, of the filtered list: not one more of every event for "3 of 4".
    assert len(counts_of_events([q["sql"] for q in queries.captured_queries])) == 1


def test_a_long_list_is_estimated_on_postgresql_and_says_so(admin_client):
    many_events(ESTIMATE_ABOVE + 2000)
    with CaptureQueriesContext(connection) as queries:
        page = admin_client.get(CHANGELIST).content.decode()
    paginator = page.split('class="paginator"')[1].split("</p>")[0]
    sql_statements = [q["sql"] for q in queries.captured_queries]
    counted = counts_of_events(sql_statements)
    if connection.vendor == "postgresql":
        assert "about" in paginator
        assert counted == []  # the planner's estimate, no count
        # Its first page was read once: to check the estimate, then shown.
        rows = [sql for sql in sql_statements if '"events_event"."headline"' in sql]
        assert len([sql for sql in rows if not sql.startswith("EXPLAIN")]) == 1
    else:
        assert f"{ESTIMATE_ABOVE + 2000} events" in paginator
        assert len(counted) == 1


class Undone(Exception):
    pass


def test_statistics_far_above_the_truth_never_show_a_short_list_as_about(admin_client):
    """Statistics taken before most rows went estimate thousands (PostgreSQL keeps a table's
    row count from ANALYZE even when the transaction that took it rolls back, as it keeps it
    through a deletion): the list, truly short, says its exact count."""
    with pytest.raises(Undone), transaction.atomic():
        many_events(ESTIMATE_ABOVE + 2000)
        raise Undone
    for _ in range(5):
        EventFactory()
    page = admin_client.get(CHANGELIST).content.decode()
    paginator = page.split('class="paginator"')[1].split("</p>")[0]
    assert "5 events" in paginator and "about" not in paginator


@pytest.mark.parametrize(
    "query", ["topic=no-such-topic", "sources=none", "sources=lost", "links=unresolved"]
)
def test_a_filter_that_leaves_nothing_to_ask_shows_an_empty_list(admin_client, query):
    """A filter may leave a statement with nothing to ask (no such topic; no event without
    sources, its ids read first): the list says 0, it does not fail."""
    EventFactory(headline="Only one.", topics=["Chongqing"])
    page = admin_client.get(f"{CHANGELIST}?{query}")
    if query == "sources=none":  # the one event has no sources
        assert "Only one." in page.content.decode()
        return
    assert page.status_code == 200
    assert "0 events" in page.content.decode() and "Only one." not in page.content.decode()
