"""The API's event list: filters, orderings, cursor pages stable under inserts, and a constant
number of queries whatever the page size (events.api)."""

import datetime

import pytest
from django.utils import timezone

from events.models import Event
from sources.models import Outlet
from sources.outlets import merge_outlets
from tests.api import api, walk
from tests.factories import EventFactory, SourceFactory, event_with_details

pytestmark = pytest.mark.django_db

FEB_8 = datetime.date(2012, 2, 8)
EVENTS = api("events")


def ids(results) -> list[int]:
    return [result["id"] for result in results]


@pytest.fixture
def archive():
    """Three days: two events on the 8th (in their order), one each on the 9th and 10th."""
    first = event_with_details(FEB_8, headline="Wang Lijun visits the consulate.", position=1)
    second = EventFactory(date=FEB_8, headline="Floods in Queensland.", position=2)
    ninth = EventFactory(date=FEB_8 + datetime.timedelta(days=1), topics=["Chongqing", "Bo Xilai"])
    tenth = EventFactory(date=FEB_8 + datetime.timedelta(days=2), topics=["Bo Xilai"])
    SourceFactory(event=tenth, name="Reuters")
    return first, second, ninth, tenth


def test_events_come_in_the_archive_order_with_what_lists_show(client, archive):
    first, second, ninth, tenth = archive
    body = client.get(EVENTS).json()
    assert ids(body["results"]) == [first.pk, second.pk, ninth.pk, tenth.pk]
    assert body["next"] is None and body["next_cursor"] is None
    shown = body["results"][0]
    assert shown["headline"] == "Wang Lijun visits the consulate."
    assert shown["date"] == "2012-02-08"
    assert shown["url"] == "http://testserver" + first.get_absolute_url()
    assert shown["api_url"] == "http://testserver" + api("event", id=first.pk)
    assert [topic["slug"] for topic in shown["topics"]] == ["chongqing"]
    assert [source["outlet"] for source in shown["sources"]] == ["BBC", "BBC"]


def test_newest_first_keeps_each_days_order(client, archive):
    first, second, ninth, tenth = archive
    body = client.get(EVENTS, {"ordering": "-date"}).json()
    assert ids(body["results"]) == [tenth.pk, ninth.pk, first.pk, second.pk]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"date": "2012-02-08"}, [0, 1]),
        ({"date_from": "2012-02-09"}, [2, 3]),
        ({"date_to": "2012-02-09"}, [0, 1, 2]),
        ({"date_from": "2012-02-09", "date_to": "2012-02-09"}, [2]),
        ({"topic": "bo-xilai"}, [2, 3]),
        ({"topic": ["bo-xilai", "chongqing"]}, [2]),
        ({"topic": "no-such-topic"}, []),
        ({"outlet": "reuters"}, [3]),
        ({"q": "consulate Wang"}, [0]),
        ({"q": "Queensland", "date": "2012-02-09"}, []),
    ],
)
def test_each_filter_narrows_the_list(client, archive, params, expected):
    body = client.get(EVENTS, params).json()
    assert ids(body["results"]) == [archive[index].pk for index in expected]


def test_outlet_filter_takes_a_domain_as_the_outlet_pages_do(client):
    reuters = EventFactory(date=FEB_8, position=1)
    SourceFactory(event=reuters, name="Reuters", url="https://www.reuters.com/world/1")
    bbc = EventFactory(date=FEB_8, position=2)
    SourceFactory(event=bbc, name="BBC", url="https://news.bbc.co.uk/2")
    bbc_com = EventFactory(date=FEB_8, position=3)
    SourceFactory(event=bbc_com, name="BBC News", url="https://www.bbc.com/news/3")
    merge_outlets(Outlet.objects.get(domain="bbc.com"), Outlet.objects.get(domain="bbc.co.uk"))
    for outlet, expected in (
        ("reuters.com", [reuters]),
        ("bbc.co.uk", [bbc, bbc_com]),
        ("BBC.com", [bbc, bbc_com]),  # merged into bbc.co.uk: finds what bbc.co.uk has
        ("BBC", [bbc, bbc_com]),  # an older client's outlet name as written
        ("news.bbc.co.uk", []),  # not an outlet's domain, nor any name
    ):
        body = client.get(EVENTS, {"outlet": outlet}).json()
        assert ids(body["results"]) == [event.pk for event in expected], outlet


def test_changed_since_lists_what_changed_for_a_copy_to_sync(client, archive):
    first, second, ninth, tenth = archive
    moment = timezone.now()
    Event.objects.filter(pk__in=[second.pk, ninth.pk]).update(
        updated_at=moment + datetime.timedelta(hours=1)
    )
    since = (moment + datetime.timedelta(minutes=30)).isoformat()
    body = client.get(EVENTS, {"updated_since": since, "ordering": "updated"}).json()
    assert ids(body["results"]) == [second.pk, ninth.pk]
    newest = client.get(EVENTS, {"ordering": "-updated", "limit": 1}).json()
    assert ids(newest["results"]) == [ninth.pk]


@pytest.mark.parametrize("ordering", ["date", "-date", "updated", "-updated"])
def test_a_walk_while_events_are_added_returns_each_event_once(client, ordering):
    days = [FEB_8 + datetime.timedelta(days=n) for n in range(6)]
    existing = [EventFactory(date=days[n % 6], position=n % 3) for n in range(25)]

    def add_events(page):
        # Before, after and among the events already read, the same day and key included;
        # during the first pages only, or a walk by last change would never reach the end.
        if page <= 3:
            for day in (days[0], days[3], days[5], days[5] + datetime.timedelta(days=1)):
                EventFactory(date=day, position=1)

    seen = ids(walk(client, EVENTS, {"ordering": ordering, "limit": 4}, add_events))
    assert len(seen) == len(set(seen))
    assert {event.pk for event in existing} <= set(seen)


def test_a_page_costs_the_same_queries_whatever_its_size(client, django_assert_num_queries):
    for n in range(30):
        event_with_details(FEB_8 + datetime.timedelta(days=n % 5), topics=[f"Topic {n % 4}"])
    with django_assert_num_queries(3) as small:
        client.get(EVENTS, {"limit": 2})
    # and the topics' stored counts, which say how to find their events
    with django_assert_num_queries(4):
        client.get(EVENTS, {"limit": 30, "topic": "topic-1", "q": "Event"})
    assert len(small.captured_queries) == 3


def test_the_next_address_keeps_the_filters(client):
    for n in range(5):
        EventFactory(date=FEB_8, topics=["Chongqing"], position=n)
    EventFactory(date=FEB_8, position=9)
    body = client.get(EVENTS, {"topic": "chongqing", "limit": 2}).json()
    assert "topic=chongqing" in body["next"] and "limit=2" in body["next"]
    assert len(walk(client, EVENTS, {"topic": "chongqing", "limit": 2})) == 5
