"""The day page grouped by story (`?view=stories`): the events that share a topic that day
under its name, each event once, the rest after them; the plain list stays the default."""

import datetime
import re

import pytest
from django.urls import reverse

from events.http_cache import keys
from events.models import Event
from tests.factories import EventFactory, event_with_details

pytestmark = pytest.mark.django_db

FEB_8 = datetime.date(2012, 2, 8)
DAY = reverse("events:day", kwargs={"year": 2012, "month": 2, "day": 8})
STORIES = DAY + "?view=stories"
# The day, in the editors' order: each event's topics. Iran is the day's most shared topic
# (3 events), Oil and Cricket are shared by 2, Weather by 1 (plus a draft's, which is no share).
DAY_TOPICS = [
    ["Oil", "Iran"],
    ["Cricket"],
    ["Iran"],
    ["Oil", "Iran"],
    ["Cricket"],
    ["Weather"],
    [],
]


def headline(number):
    return f"Event number {number} of the day."


@pytest.fixture
def day():
    events = [
        event_with_details(FEB_8, position=n, topics=topics, headline=headline(n), related=0)
        for n, topics in enumerate(DAY_TOPICS)
    ]
    # A draft sharing Weather with event 5 and a scheduled one sharing Cricket: never shown,
    # and their topics make no story.
    EventFactory(date=FEB_8, position=20, status=Event.Status.DRAFT, topics=["Weather"])
    EventFactory(
        date=FEB_8,
        position=21,
        status=Event.Status.SCHEDULED,
        publish_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
        topics=["Weather", "Cricket"],
    )
    return events


def listed(html):
    """The numbers of the events the page lists, in its order (the page's head names the
    first one too: not a listing)."""
    articles = re.findall(r'<article class="event">.*?</article>', html, re.S)
    return [int(re.search(r"Event number (\d+) of the day", a).group(1)) for a in articles]


def stories_of(html):
    """(story name, [the numbers of its events]) in the page's order."""
    found = []
    for section in re.findall(r'<section class="story".*?</section>', html, re.S):
        name = re.search(r'class="story__name">(?:<a [^>]*>)?([^<]+)', section).group(1)
        numbers = [int(n) for n in re.findall(r"Event number (\d+) of the day", section)]
        found.append((name.strip(), numbers))
    return found


def test_the_plain_list_is_the_default_and_links_to_the_grouped_view(client, day):
    html = client.get(DAY).content.decode()
    assert '<section class="story"' not in html
    assert listed(html) == list(range(len(DAY_TOPICS)))
    assert f'<a href="{DAY}" aria-current="page">In order</a>' in html
    assert f'<a href="{DAY}?view=stories">Group by story</a>' in html


def test_events_sharing_a_topic_stand_under_its_name_each_once(client, day):
    response = client.get(STORIES)
    assert response.status_code == 200
    html = response.content.decode()
    # Iran takes the events that also share Oil (more of the day's events carry Iran): Oil
    # names no story; the stories come in the order of their first event; Weather's only
    # other event is a draft, so event 5 shares nothing, and goes with event 6 after them.
    assert stories_of(html) == [("Iran", [0, 2, 3]), ("Cricket", [1, 4]), ("Other events", [5, 6])]
    assert sorted(listed(html)) == list(range(len(DAY_TOPICS)))  # each event once
    assert '<a href="/topics/iran/">Iran</a> <span class="count">3 events</span>' in html
    assert f'<a href="{DAY}?view=stories" aria-current="page">Group by story</a>' in html
    # Under a story's name (h2), each headline is an h3.
    assert html.count('<h3 class="event__headline">') == len(DAY_TOPICS)


def test_drafts_and_scheduled_events_never_show_in_the_grouped_view(client, day):
    html = client.get(STORIES).content.decode()
    assert sorted(listed(html)) == list(range(len(DAY_TOPICS)))
    assert "7 events." in html


def test_a_tie_goes_to_the_topic_the_editors_put_first(client):
    for n, topics in enumerate([["Beta"], ["Alpha", "Beta"], ["Alpha"]]):
        event_with_details(FEB_8, position=n, topics=topics, headline=headline(n), related=0)
    html = client.get(STORIES).content.decode()
    assert stories_of(html) == [("Beta", [0, 1]), ("Alpha", [2])]


def test_a_day_whose_events_share_nothing_says_so(client):
    for n, topics in enumerate([["Alpha"], ["Beta"], []]):
        event_with_details(FEB_8, position=n, topics=topics, headline=headline(n), related=0)
    html = client.get(STORIES).content.decode()
    assert "No two events of this day share a topic." in html
    assert stories_of(html) == [("All events", [0, 1, 2])]


def test_both_views_keep_the_days_cache_keys_and_name_the_plain_day_canonical(client, day):
    plain, grouped = client.get(DAY), client.get(STORIES)
    assert set(grouped["xkey"].split()) == set(plain["xkey"].split())
    assert keys.day_key(FEB_8) in grouped["xkey"].split()
    assert grouped["Cache-Control"] == plain["Cache-Control"]
    canonical = f'<link rel="canonical" href="http://testserver{DAY}">'
    assert canonical in grouped.content.decode()
    assert canonical in plain.content.decode()


def test_an_unknown_view_is_the_plain_list(client, day):
    html = client.get(DAY + "?view=nonsense").content.decode()
    assert '<section class="story"' not in html
    assert f'<a href="{DAY}" aria-current="page">In order</a>' in html


@pytest.mark.parametrize("size", [4, 26])
def test_the_grouped_view_costs_the_plain_lists_queries(client, django_assert_num_queries, size):
    for n in range(size):
        topics = [f"Topic {n}", "Chongqing" if n % 2 else "Beijing"]
        event_with_details(FEB_8, position=n, topics=topics, headline=headline(n))
    # the events with the days either side and the next publish time, their outlets and topics
    with django_assert_num_queries(2):
        html = client.get(STORIES).content.decode()
    assert [name for name, _ in stories_of(html)] == ["Beijing", "Chongqing"]
    assert sum(len(numbers) for _, numbers in stories_of(html)) == size
