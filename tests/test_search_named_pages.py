"""A search whose words name a topic or an outlet offers its page above the results, with its
number of public events; the facets also fold into a "Filter" disclosure (for phones)."""

import datetime
import re

import pytest
from django.urls import reverse

from events.models import Event
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("events:search")


@pytest.fixture
def archive():
    for day in range(1, 4):
        event = EventFactory(
            date=datetime.date(2012, 2, day),
            headline=f"Fighting in Syria, day {day}.",
            topics=["Syria"],
        )
        SourceFactory(event=event, url=f"https://www.bbc.co.uk/news/{day}")
    EventFactory(
        date=datetime.date(2012, 3, 1), headline="Ba'athist Syria.", topics=["Ba'athist Syria"]
    )
    EventFactory(
        date=datetime.date(2012, 3, 2),
        headline="A draft about Syria.",
        topics=["Syria", "Secret plans"],
        status=Event.Status.DRAFT,
    )


def named_pages(client, q) -> list[tuple[str, str, str]]:
    page = client.get(SEARCH, {"q": q}).content.decode()
    block = re.search(r'<ul class="named-pages".*?</ul>', page, re.S)
    if not block:
        return []
    return re.findall(
        r'(Topic|Outlet): <a href="([^"]+)">[^<]+</a> <span class="count">([^<]+)</span>', block[0]
    )


def test_a_topic_named_by_the_search_is_offered_with_its_count(client, archive):
    assert named_pages(client, "syria") == [("Topic", "/topics/syria/", "3 events")]
    assert named_pages(client, "  Ba'athist   Syria ") == [
        ("Topic", "/topics/baathist-syria/", "1 event")
    ]


def test_an_outlet_named_by_the_search_is_offered(client, archive):
    assert named_pages(client, "bbc.co.uk") == [("Outlet", "/outlets/bbc.co.uk/", "3 events")]


def test_nothing_is_offered_for_other_words_or_a_topic_only_drafts_carry(client, archive):
    assert named_pages(client, "fighting") == []
    assert named_pages(client, "secret plans") == []


def test_the_facets_fold_into_a_filter_disclosure_too(client, archive):
    page = client.get(SEARCH, {"q": "syria"}).content.decode()
    fold = re.search(
        r'<details class="facets-fold">\s*<summary>Filter</summary>(.*?)</details>', page, re.S
    )
    assert fold and 'href="?q=syria&amp;topic=syria"' in fold[1]
    assert page.index('class="facets-fold"') < page.index('id="results-heading"')
