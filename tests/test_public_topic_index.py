"""The topic index: counts, A-Z jumps, a filter by name that needs no JavaScript, two orders."""

import datetime

import pytest

from events.models import Event, Topic
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

INDEX = "/topics/"
CACHE_LIFETIME = 1


@pytest.fixture
def topics():
    for n in range(3):
        EventFactory(date=datetime.date(2012, 2, 1 + n), topics=["Wang Lijun", "Chongqing"])
    EventFactory(topics=["Wangchuk"])
    EventFactory(topics=["Bo Xilai", "50% Club"])
    EventFactory(topics=["Écosse"])
    EventFactory(topics=["Secret merger"], status=Event.Status.DRAFT)


def names(response):
    assert response.status_code == 200
    return [topic.name for topic in response.context["topics"]]


def test_lists_topics_by_name_with_counts_and_never_a_drafts_topic(client, topics):
    response = client.get(INDEX, {"sort": "name"})
    assert names(response) == [
        "50% Club",
        "Bo Xilai",
        "Chongqing",
        "Wang Lijun",
        "Wangchuk",
        "Écosse",
    ]
    page = response.content.decode()
    assert (
        '<a href="/topics/wang-lijun/">Wang Lijun</a> <span class="count">3 events</span>' in page
    )
    assert "Secret merger" not in page


def test_opens_with_the_most_active_topics_first(client, topics):
    response = client.get(INDEX)
    assert names(response)[:2] == ["Chongqing", "Wang Lijun"]
    page = response.content.decode()
    assert '<option value="events" selected>Most events first</option>' in page
    assert "noindex" not in page and "Show all topics" not in page
    by_name = client.get(INDEX, {"sort": "name"}).content.decode()
    assert '<option value="name" selected>Name, A to Z</option>' in by_name
    assert "noindex" in by_name and "Show all topics" in by_name


def test_sorts_by_number_of_events(client, topics):
    assert names(client.get(INDEX, {"sort": "events"}))[:2] == ["Chongqing", "Wang Lijun"]
    assert [t.count for t in client.get(INDEX, {"sort": "events"}).context["topics"]][:3] == [
        3,
        3,
        1,
    ]


def test_filters_by_a_piece_of_the_name_taking_wildcards_literally(client, topics):
    assert names(client.get(INDEX, {"q": "wang"})) == ["Wang Lijun", "Wangchuk"]
    assert names(client.get(INDEX, {"q": "0%"})) == ["50% Club"]
    assert names(client.get(INDEX, {"q": "_"})) == []
    assert names(client.get(INDEX, {"q": "secret"})) == []
    page = client.get(INDEX, {"q": "<b>x</b>"}).content.decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page


def test_jumps_by_first_letter_keeping_the_filter_and_order(client, topics):
    assert names(client.get(INDEX, {"letter": "W"})) == ["Wang Lijun", "Wangchuk"]
    assert names(client.get(INDEX, {"letter": "other"})) == ["50% Club", "Écosse"]
    page = client.get(INDEX, {"sort": "events", "page": "1"}).content.decode()
    assert 'href="?sort=events&amp;letter=W"' in page
    assert '<span class="az__empty">Z</span>' in page  # no topic starts with Z
    assert 'aria-current="page">All</a>' in page


def test_bad_choices_are_a_400_naming_the_field(client, topics):
    for params, field in (({"sort": "random"}, "(sort)"), ({"letter": "AB"}, "(letter)")):
        response = client.get(INDEX, params)
        assert response.status_code == 400
        assert field in response.content.decode()
    assert client.get(INDEX, {"q": "x" * 101}).status_code == 400


@pytest.mark.parametrize("size", [3, 25])
@pytest.mark.parametrize("sort", ["name", "events"])
def test_queries_do_not_grow_with_the_topics(client, django_assert_num_queries, size, sort):
    for n in range(size):
        EventFactory(topics=[f"Topic {n}", "Chongqing"])
    # the events not due yet (none), the count, the page (its counts are the topics' own), the
    # page's topics a public event carries as it is read, the first letters: however many
    # topics, and whatever their rows
    expected = 5 + CACHE_LIFETIME
    with django_assert_num_queries(expected):
        assert client.get(INDEX, {"sort": sort}).status_code == 200


def test_counts_are_written_with_thousands_separated(client, topics):
    """A topic of a million-event archive reads "581,278 events", as the search's heading."""
    Topic.objects.filter(name="Chongqing").update(public_count=581_278, events_count=581_278)
    page = client.get(INDEX, {"sort": "events"}).content.decode()
    assert '<span class="count">581,278 events</span>' in page
    assert '<span class="count">3 events</span>' in page  # Wang Lijun's
