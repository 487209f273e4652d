"""Each public page costs a fixed number of queries, however many events it shows.

Every test runs at two sizes with the same expected count: a page that queried per event,
per source or per topic would need more queries for the larger size and fail.
"""

import datetime

import pytest
from django.urls import reverse

from tests.factories import EventFactory, RelatedFactory, SourceFactory, event_with_details

pytestmark = pytest.mark.django_db

FEB_8 = datetime.date(2012, 2, 8)
SIZES = [3, 25]
# Every public page also asks when the next scheduled event goes public: shared caches may keep
# it until then and no longer (events.http_cache.headers).
CACHE_LIFETIME = 1


def get_ok(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def fill_day(size, day=FEB_8):
    return [
        event_with_details(day, position=n, topics=[f"Topic {n}", "Chongqing"], related=2)
        for n in range(size)
    ]


@pytest.mark.parametrize("size", SIZES)
def test_day_page_queries(client, django_assert_num_queries, size):
    fill_day(size)
    EventFactory(date=datetime.date(2012, 2, 6))
    EventFactory(date=datetime.date(2012, 2, 10))
    url = reverse("events:day", kwargs={"year": 2012, "month": 2, "day": 8})
    # the events with the days either side and the next publish time (one query), their
    # outlets and topics (one query): the lifetime cap needs no query of its own
    with django_assert_num_queries(2):
        response = get_ok(client, url)
    assert len(response.context["events"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_event_page_queries(client, django_assert_num_queries, size):
    names = [f"Topic {n}" for n in range(size)]
    event = event_with_details(FEB_8, topics=names, sources=size, related=size)
    for n in range(size):
        later = EventFactory(date=FEB_8 + datetime.timedelta(days=n + 1), topics=[names[n]])
        RelatedFactory(event=event, position=size + n, target=later, target_headline="Later.")
    # the event, its sources, its topics, its related links (with targets), what happened next,
    # the days with events before and after its own
    with django_assert_num_queries(7 + CACHE_LIFETIME):
        response = get_ok(client, event.get_absolute_url())
    assert len(response.context["next_events"]) == min(size, 10)
    assert response.content.decode().count('<span class="unlinked">') == size


@pytest.mark.parametrize("size", SIZES)
def test_topic_page_queries(client, django_assert_num_queries, size):
    for n in range(size):
        event_with_details(FEB_8 + datetime.timedelta(days=n), topics=["Chongqing", f"T{n}"])
    url = reverse("events:topic", kwargs={"slug": "chongqing"})
    # the topic with its count (its own), the events due later (none), the page of events,
    # their sources and topics (one query), the first and last dates of its counted rows and
    # the events of those two days, its counted rows per date and the events due later
    # (its chart), the date its latest 1,000 rows start from and the topics most often with
    # it in those
    with django_assert_num_queries(12 + CACHE_LIFETIME):
        response = get_ok(client, url)
    assert response.context["paginator"].count == size
    assert len(response.context["related_topics"]) == min(size, 10)


@pytest.mark.parametrize("size", SIZES)
def test_month_page_queries(client, django_assert_num_queries, size):
    for n in range(size):
        day = datetime.date(2012, 3, 1) + datetime.timedelta(days=n % 28)
        event_with_details(day, position=n, topics=[f"Topic {n}", "Chongqing"])
    EventFactory(date=datetime.date(2012, 2, 15))
    EventFactory(date=datetime.date(2012, 4, 15))
    url = reverse("events:month", kwargs={"year": 2012, "month": 3})
    # the days with counts, the months either side (one query), the page's events (their
    # headlines: no outlets or topics)
    with django_assert_num_queries(3 + CACHE_LIFETIME):
        response = get_ok(client, url)
    assert response.context["total"] == size
    assert len(response.context["events"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_year_page_queries(client, django_assert_num_queries, size):
    for n in range(size):
        EventFactory(date=datetime.date(2012, 1 + n % 12, 1 + n % 28))
    EventFactory(date=datetime.date(2011, 6, 1))
    EventFactory(date=datetime.date(2013, 6, 1))
    url = reverse("events:year", kwargs={"year": 2012})
    # the months with counts, the years either side (one query)
    with django_assert_num_queries(2 + CACHE_LIFETIME):
        get_ok(client, url)


@pytest.mark.parametrize("size", SIZES)
def test_home_page_queries(client, django_assert_num_queries, size):
    for n in range(size):
        EventFactory(date=FEB_8 + datetime.timedelta(days=n % 12))
    # the latest days, their events (counted by day), their outlets and topics, the years
    # (the first date, then one EXISTS per year between); the Ongoing box's events and their
    # topics; On this day
    with django_assert_num_queries(8 + CACHE_LIFETIME):
        get_ok(client, reverse("events:home"))


@pytest.mark.parametrize("size", SIZES)
def test_outlet_index_queries(client, django_assert_num_queries, size):
    for n in range(size):
        event = EventFactory(date=FEB_8)
        SourceFactory(event=event, url=f"https://www.site{n}.org/a", name=f"Site {n}")
    # the events due later (none), the count, the page of outlets (their counts their own),
    # their written names, the domains merged into them
    with django_assert_num_queries(5 + CACHE_LIFETIME):
        get_ok(client, reverse("sources:outlets"))


@pytest.mark.parametrize("size", SIZES)
def test_search_page_queries(client, django_assert_num_queries, size):
    for n in range(size):
        event_with_details(
            FEB_8 + datetime.timedelta(days=n),
            headline=f"Wang Lijun story {n}.",
            topics=["Chongqing", f"T{n}"],
        )
    url = reverse("events:search")
    # the newest matches (events.public.search.bounds), the page of results, their sources and
    # topics (one query), the facets over those matches: years (whose counts add up to the
    # count), topics, outlets; then the topic and the outlet the words may name
    with django_assert_num_queries(8 + CACHE_LIFETIME):
        response = get_ok(client, url, q="Wang Lijun")
    assert response.context["paginator"].count == size
    # ...and one more to look the topic filter up, one for the outlet filter's outlet (found
    # before the events are asked whether they cite it)
    with django_assert_num_queries(10 + CACHE_LIFETIME):
        response = get_ok(client, url, q="Wang Lijun", topic="Chongqing", outlet="BBC")
    assert response.context["paginator"].count == size


@pytest.mark.parametrize("size", SIZES)
def test_topics_index_queries(client, django_assert_num_queries, size):
    for n in range(size):
        EventFactory(topics=[f"Topic {n}", "Chongqing"])
    # the count, the page of topics, their counts, which of them a public event carries as
    # the page is read, the first letters for the A-Z jumps
    with django_assert_num_queries(5 + CACHE_LIFETIME):
        response = get_ok(client, reverse("events:topics"))
    assert response.context["paginator"].count == size + 1
