"""A topic's or an outlet's events are found one of two ways, by how many events it has
(events.public.queries.listing.on_many): along the date index, each event asked, or from the
topic's rows or the outlet's sources. Both ways give the same answers everywhere they are
used, drafts and events not due yet left out; the threshold is lowered here so that a few
events take the first way."""

import datetime
import re

import pytest
import time_machine

from events.models import Event
from events.public.queries import listing
from tests.factories import EventFactory, RelatedFactory, SourceFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2030, 5, 1, 12, 0, tzinfo=datetime.UTC)
DAY = datetime.date(2012, 2, 8)

ADDRESSES = [
    "/topics/chongqing/",
    "/topics/chongqing/feed/",
    "/api/v1/events?topic=chongqing",
    "/api/v1/events?topic=chongqing&topic=wang-lijun&ordering=-date",
    "/outlets/bbc.co.uk/",
    "/outlets/bbc.co.uk/?page=2",
    "/api/v1/outlets/bbc.co.uk",
    "/api/v1/events?outlet=bbc.co.uk",
    "/search/?q=story&topic=chongqing",
    "/search/?q=story&outlet=bbc.co.uk",
    "/search/?q=story&outlet=BBC",  # no outlet has that domain: sources written so
]


@pytest.fixture
def archive():
    with time_machine.travel(NOW, tick=False):
        for n in range(24):
            topics = ["Chongqing", "Wang Lijun"] if n % 3 else ["Chongqing"]
            event = EventFactory(
                date=DAY + datetime.timedelta(days=n % 9),
                position=n,
                headline=f"Story {n}.",
                topics=topics,
            )
            SourceFactory(event=event, url=f"https://www.bbc.co.uk/{n}", name="BBC")
            if n % 4 == 0:  # twice the same outlet: the event still once
                SourceFactory(event=event, url=f"https://www.bbc.co.uk/{n}/more", name="BBC")
        hidden = [
            EventFactory(date=DAY, headline="Story draft.", status=Event.Status.DRAFT),
            EventFactory(
                date=DAY + datetime.timedelta(days=20),
                headline="Story later.",
                status=Event.Status.SCHEDULED,
                publish_at=NOW + datetime.timedelta(hours=1),
            ),
        ]
        for event in hidden:
            event.topics.add("Chongqing")
            SourceFactory(event=event, url=f"https://www.bbc.co.uk/hidden/{event.pk}")
        # A topic a draft's link gives is not the public's either.
        RelatedFactory(event=hidden[0], target=Event.objects.first(), context="Wang Lijun")


def answers(client) -> dict[str, bytes]:
    with time_machine.travel(NOW, tick=False):
        return {path: client.get(path).content for path in ADDRESSES}


def test_both_ways_give_the_same_answers(client, archive, monkeypatch):
    few_way = answers(client)
    monkeypatch.setattr(listing, "OFTEN", 0)
    many_way = answers(client)
    for path in ADDRESSES:
        assert many_way[path] == few_way[path], path
    assert b"Story 23." in few_way["/topics/chongqing/feed/"]
    for path, body in few_way.items():
        assert b"Story draft." not in body and b"Story later." not in body, path


def listed(admin_client) -> tuple[list[str], str]:
    """The changelist's events, in order, and what its paginator says (the page carries a
    fresh CSRF token each time: compared by what it lists)."""
    page = admin_client.get("/admin/events/event/?topic=chongqing").content.decode()
    rows = re.findall(r'name="_selected_action" value="(\d+)"', page)
    return rows, re.search(r'<p class="paginator">(.*?)</p>', page, re.S).group(1)


def test_the_admin_topic_filter_both_ways(admin_client, archive, monkeypatch):
    few_way = listed(admin_client)
    monkeypatch.setattr(listing, "OFTEN", 0)
    assert listed(admin_client) == few_way
    # the admin lists drafts and events not due yet too
    assert len(few_way[0]) == 26 and "26 events" in few_way[1]
