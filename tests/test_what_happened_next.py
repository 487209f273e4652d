""" "What happened next" on an event page: the first ten later public events sharing a topic,
oldest first, read from each topic's rows in date order (events.public.queries.event)."""

import datetime

import pytest

from events.models import Event
from events.public.queries.event import what_happened_next
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2012, 2, 8)


def day(n: int) -> datetime.date:
    return START + datetime.timedelta(days=n)


def next_of(event, django_assert_num_queries, queries=1):
    topic_ids = list(event.topics.values_list("pk", flat=True))
    with django_assert_num_queries(queries):
        return [(e.date, e.headline) for e in what_happened_next(event, topic_ids)]


def test_the_earliest_ten_across_topics_however_long_their_histories(django_assert_num_queries):
    event = EventFactory(date=START, topics=["Long", "Short"])
    for n in range(1, 40):
        EventFactory(date=day(n), headline=f"Long {n}.", topics=["Long"], position=1)
    for n in (2, 4):
        EventFactory(date=day(n), headline=f"Short {n}.", topics=["Short"], position=0)
    expected = [
        (day(1), "Long 1."),
        (day(2), "Short 2."),  # first in its day's order
        (day(2), "Long 2."),
        (day(3), "Long 3."),
        (day(4), "Short 4."),
        (day(4), "Long 4."),
        (day(5), "Long 5."),
        (day(6), "Long 6."),
        (day(7), "Long 7."),
        (day(8), "Long 8."),
    ]
    assert next_of(event, django_assert_num_queries) == expected


def test_an_event_sharing_several_topics_is_listed_once(django_assert_num_queries):
    event = EventFactory(date=START, topics=["Chongqing", "Wang Lijun"])
    EventFactory(date=day(1), headline="Both.", topics=["Chongqing", "Wang Lijun"])
    assert next_of(event, django_assert_num_queries) == [(day(1), "Both.")]


def test_non_public_events_among_the_first_ten_do_not_shorten_the_list(
    django_assert_num_queries,
):
    event = EventFactory(date=START, topics=["Chongqing"])
    for n in range(1, 11):
        EventFactory(date=day(n), topics=["Chongqing"], status=Event.Status.DRAFT)
    EventFactory(
        date=day(11),
        topics=["Chongqing"],
        status=Event.Status.SCHEDULED,
        publish_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
    )
    for n in range(12, 15):
        EventFactory(date=day(n), headline=f"Public {n}.", topics=["Chongqing"])
    # The drafts bound the first look; finding too few behind them, a second looks further.
    assert next_of(event, django_assert_num_queries, queries=2) == [
        (day(n), f"Public {n}.") for n in range(12, 15)
    ]


def test_an_event_whose_topics_have_no_later_events(django_assert_num_queries):
    event = EventFactory(date=START, topics=["Chongqing"])
    EventFactory(date=day(-1), topics=["Chongqing"])
    assert next_of(event, django_assert_num_queries, queries=2) == []
    assert what_happened_next(event, []) == []
