"""A broad search works on its newest matches only (events.public.search.bounds), and says
so: its count, facets and pages stay bounded however much of the archive the words match."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Event
from events.public.search.bounds import CANDIDATES
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

SEARCH = "/search/"
START = datetime.date(2000, 1, 1)


def flood_events(n: int) -> None:
    """`n` public events whose headlines say "flood", one a day from START."""
    now = timezone.now()
    Event.objects.bulk_create(
        Event(
            date=START + datetime.timedelta(days=k),
            slug=f"flood-{k}",
            headline=f"A flood number {k} hits the valley.",
            status=Event.Status.PUBLISHED,
            publish_at=now,
            position=0,
        )
        for k in range(n)
    )


def test_a_search_matching_more_than_the_cap_ranks_the_newest_and_says_so(client):
    flood_events(CANDIDATES + 5)
    response = client.get(SEARCH, {"q": "flood"})
    page = response.content.decode()
    assert response.context["capped"]
    assert "Over 1,000 events" in page
    assert "these are the 1,000 newest" in page
    assert "counts among the 1,000 newest matches" in page
    # The facets count the candidates: their years add up to the cap, not to every match.
    assert response.context["facets"].total == CANDIDATES
    assert response.context["paginator"].num_pages == CANDIDATES // 20
    # The five oldest are left out; the newest is on the first page by date.
    newest = client.get(SEARCH, {"q": "flood", "sort": "date"}).context["events"][0]
    assert newest.date == START + datetime.timedelta(days=CANDIDATES + 4)


def test_pages_stop_at_the_caps_last_page_which_says_how_to_go_on(client):
    flood_events(CANDIDATES + 5)
    last = client.get(SEARCH, {"q": "flood", "sort": "date", "page": CANDIDATES // 20})
    assert "This is the last page of the 1,000 newest matches" in last.content.decode()
    oldest_shown = last.context["events"][-1].date
    assert oldest_shown == START + datetime.timedelta(days=5)
    deep = client.get(SEARCH, {"q": "flood", "page": 4000})
    assert deep.status_code == 400
    assert "pages go from 1 to 50" in deep.content.decode()


def test_below_the_cap_every_match_counts_and_nothing_is_said(client):
    for n in range(3):
        EventFactory(headline=f"A flood number {n}.")
    response = client.get(SEARCH, {"q": "flood"})
    page = response.content.decode()
    assert not response.context["capped"]
    assert "3 events" in page
    assert "newest" not in page.split("results-heading")[1].split("</section>")[0]
    assert response.context["facets"].total == 3


@pytest.mark.parametrize("sort", ["", "date"])
def test_the_statements_do_not_grow_with_the_matches(client, sort):
    """However many events match, the page reads the same statements, and one of them looks
    the words up: the candidates. The page reads its rows among them by id; only SQLite's
    ranking asks for the words again (bm25() ranks only where FTS5 was asked)."""
    operator = "@@ to_tsquery" if connection.vendor == "postgresql" else "MATCH"
    lookups = 2 if connection.vendor == "sqlite" and sort == "" else 1

    def statements():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(SEARCH, {"q": "flood", "sort": sort}).status_code == 200
        return [query["sql"] for query in queries.captured_queries]

    flood_events(30)
    few = statements()
    Event.objects.all().delete()
    flood_events(CANDIDATES + 10)
    many = statements()
    assert len(many) == len(few)
    assert sum(operator in sql for sql in many) == lookups
    # Each statement reading events names at most the candidates: no OFFSET past them.
    assert all("OFFSET" not in sql or "LIMIT 20" in sql for sql in many)
