"""The home page: the latest days listed as a day's list shows events, numbered pages, the
"Ongoing" box (topics most in the news up to the archive's latest day) and the "On this day"
box (today's calendar day in earlier years), kept by shared caches no later than midnight."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from events.changes import purges
from events.changes.states import EventState
from events.http_cache import keys
from events.models import Event
from events.public.views import HomeView
from tests.factories import EventFactory, RelatedFactory, SourceFactory, event_with_details

pytestmark = pytest.mark.django_db

HOME = "/"
# Today, for the tests that need one: years after the archive's news (a historical archive).
TODAY = datetime.datetime(2027, 2, 8, 23, 0, tzinfo=datetime.UTC)
LATEST = datetime.date(2012, 3, 20)  # the archive's latest day in the Ongoing tests
CACHE_LIFETIME = 1  # every public page asks when the next scheduled event goes public


def page_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def box(page: str, heading_id: str) -> str:
    """The HTML of the home's box whose heading has `heading_id`."""
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def ongoing(response) -> list[tuple[str, int]]:
    return [(topic.name, topic.count) for topic in response.context["ongoing"]]


def test_each_event_is_listed_as_a_day_lists_it(client):
    event = event_with_details(LATEST, headline="Wang Lijun visits the consulate.", related=0)
    source = event.sources.first()
    page = page_of(client.get(HOME))
    assert (
        f'<a class="dated-events__headline" href="{event.get_absolute_url()}">'
        "Wang Lijun visits the consulate.</a>"
    ) in page
    assert f'<a href="{source.url}" rel="noopener nofollow ugc">BBC</a>' in page
    assert '<a class="tag" href="/topics/chongqing/">Chongqing</a>' in page
    # The day's heading links to its page, and says how many events it has.
    assert '<a href="/news/2012/03/20/"><time datetime="2012-03-20">Tuesday 20 March 2012' in page
    assert '<p class="day-digest__count">1 event</p>' in page
    # The cover is decorative beside its headline: a broken image leaves no text behind.
    assert 'src="https://images.example.org/cover.jpg" alt=""' in page
    assert 'alt="Wang Lijun' not in page


def test_ongoing_counts_topics_up_to_the_archives_latest_day_not_today(client):
    """Years after the archive's last event, the box still shows its last two weeks."""
    for _ in range(3):
        EventFactory(date=LATEST, topics=["Chongqing"])
    EventFactory(date=LATEST - datetime.timedelta(days=13), topics=["Bo Xilai", "Chongqing"])
    EventFactory(date=LATEST - datetime.timedelta(days=5), topics=["Bo Xilai"])
    EventFactory(date=LATEST - datetime.timedelta(days=14), topics=["Too early"])
    EventFactory(date=LATEST - datetime.timedelta(days=20), topics=["Bo Xilai"])
    with time_machine.travel(TODAY, tick=False):
        response = client.get(HOME)
    assert ongoing(response) == [("Chongqing", 4), ("Bo Xilai", 2)]
    section = box(page_of(response), "ongoing-heading")
    assert '<a href="/topics/chongqing/">Chongqing</a> <span class="count">4 events</span>' in (
        section
    )
    assert '<time datetime="2012-03-07">7 March</time>' in section  # the period's first day
    assert '<time datetime="2012-03-20">20 March 2012</time>' in section


def test_ongoing_leaves_out_drafts_scheduled_events_and_what_drafts_link_give(client):
    EventFactory(date=LATEST, topics=["Chongqing"])
    # A draft on a later day does not move the period, nor count.
    EventFactory(
        date=LATEST + datetime.timedelta(days=30), topics=["Secret"], status=Event.Status.DRAFT
    )
    EventFactory(date=LATEST, topics=["Secret"], status=Event.Status.DRAFT)
    later = timezone.now() + datetime.timedelta(days=3)
    EventFactory(date=LATEST, topics=["Soon"], status=Event.Status.SCHEDULED, publish_at=later)
    # A draft's related link gives its context to its (public) target: not shown, not counted.
    draft = EventFactory(date=LATEST - datetime.timedelta(days=40), status=Event.Status.DRAFT)
    RelatedFactory(event=draft, target_path="/news/2012/03/19/target.md", context="Given")
    # A public event's link gives its context: that counts, once per event.
    giver = EventFactory(date=LATEST - datetime.timedelta(days=40))
    RelatedFactory(event=giver, target_path="/news/2012/03/19/target.md", context="Chongqing")
    target = EventFactory(date=datetime.date(2012, 3, 19), slug="target", topics=["Chongqing"])
    assert target.given_topics.filter(given_by=draft).exists()  # the draft's gift is there
    response = client.get(HOME)
    assert ongoing(response) == [("Chongqing", 2)]
    page = page_of(response)
    assert "Secret" not in page and "Soon" not in page and "Given" not in page


def test_ongoing_follows_a_scheduled_event_when_its_time_comes(client):
    EventFactory(date=LATEST, topics=["Chongqing"])
    soon = timezone.now() + datetime.timedelta(hours=1)
    EventFactory(date=LATEST, topics=["Soon"], status=Event.Status.SCHEDULED, publish_at=soon)
    assert ongoing(client.get(HOME)) == [("Chongqing", 1)]
    with time_machine.travel(soon + datetime.timedelta(minutes=1)):
        assert ongoing(client.get(HOME)) == [("Chongqing", 1), ("Soon", 1)]


def test_on_this_day_shows_todays_date_in_earlier_years(client):
    EventFactory(date=datetime.date(2011, 2, 8), headline="Eight February, 2011.")
    EventFactory(date=datetime.date(2012, 2, 8), headline="Eight February, 2012.")
    EventFactory(date=datetime.date(2012, 2, 9), headline="The day after.")
    EventFactory(date=datetime.date(2010, 2, 8), headline="A draft.", status=Event.Status.DRAFT)
    EventFactory(date=datetime.date(2027, 2, 8), headline="Today itself.")
    with time_machine.travel(TODAY, tick=False):
        section = box(page_of(client.get(HOME)), "on-this-day-heading")
    assert section.index("Eight February, 2012.") < section.index("Eight February, 2011.")
    assert '<time datetime="2011-02-08">2011</time>' in section
    assert "The day after." not in section and "A draft." not in section
    assert "Today itself." not in section
    assert '<a href="/on-this-day/02-08/">8 February in every year</a>' in section


def test_on_this_day_says_so_when_the_archive_has_nothing_that_day(client):
    EventFactory(date=datetime.date(2012, 3, 1))
    with time_machine.travel(TODAY, tick=False):
        section = box(page_of(client.get(HOME)), "on-this-day-heading")
    assert "Nothing in the archive for 8 February in earlier years." in section
    assert 'href="/on-this-day/02-08/"' in section


def test_shared_caches_keep_it_no_later_than_midnight(client):
    EventFactory(date=datetime.date(2011, 2, 8))
    with time_machine.travel(TODAY, tick=False):
        response = client.get(HOME)
    assert "s-maxage=3600" in response["Cache-Control"]  # 23:00 to midnight
    with time_machine.travel(TODAY - datetime.timedelta(hours=23), tick=False):
        assert "s-maxage=86400" in client.get(HOME)["Cache-Control"]  # a whole day left


def test_keys_name_the_events_days_and_boxes_shown(client):
    listed = EventFactory(date=LATEST, topics=["Chongqing"])
    long_ago = EventFactory(date=datetime.date(2001, 2, 8))
    with time_machine.travel(TODAY, tick=False):
        xkey = set(client.get(HOME)["xkey"].split())
    assert {keys.HOME, keys.day_key(LATEST), keys.event_key(listed.pk)} <= xkey
    assert keys.event_key(long_ago.pk) in xkey  # in the On this day box
    # What purges the boxes: the topic index's key (topic counts) and today's calendar day.
    assert {keys.TOPIC_INDEX, "o02-08"} <= xkey
    a_topic_row_changed = purges.for_topic_rows(
        {(listed.pk, 1)}, {listed.pk: EventState(listed.pk, LATEST, 0, "s", "H.", True)}
    )
    assert keys.TOPIC_INDEX in a_topic_row_changed
    new_on_this_day = EventState(0, datetime.date(2005, 2, 8), 0, "s", "H.", True, frozenset())
    assert "o02-08" in purges.for_event(None, new_on_this_day)


def numbers_of(page: str) -> list[str]:
    """The pagination's items as text: numbers, "…", with the current one as [n]."""
    nav = page[page.index('<nav class="pagination"') :]
    nav = nav[: nav.index("</nav>")]
    items = re.findall(r"<li[^>]*>(.*?)</li>", nav)
    shown = []
    for item in items:
        text = re.sub(r"<span class=\"visually-hidden\">[^<]*</span>", "", item)
        text = re.sub(r"<[^>]+>", "", text).strip()
        shown.append(f"[{text}]" if 'aria-current="page"' in item else text)
    return shown


def test_pages_are_numbered_with_the_current_one_marked(client, monkeypatch):
    monkeypatch.setattr(HomeView, "paginate_by", 2)
    for n in range(30):
        EventFactory(date=datetime.date(2012, 1, 1) + datetime.timedelta(days=n))
    assert numbers_of(page_of(client.get(HOME, {"page": 7}))) == [
        "← Previous",
        "1",
        "…",
        "5",
        "6",
        "[7]",
        "8",
        "9",
        "…",
        "15",
        "Next →",
    ]
    first = page_of(client.get(HOME))
    assert numbers_of(first) == ["[1]", "2", "3", "…", "15", "Next →"]
    assert '<a class="pagination__number" href="/" aria-current="page">' in first
    assert 'href="?page=15"' in first
    last = page_of(client.get(HOME, {"page": 15}))
    assert numbers_of(last)[0] == "← Previous" and numbers_of(last)[-1] == "[15]"
    assert '<p class="pagination__status">Page 15 of 15</p>' in last


def test_one_page_has_no_pagination(client):
    EventFactory()
    assert '<nav class="pagination"' not in page_of(client.get(HOME))


@pytest.mark.parametrize("size", [2, 30])
def test_queries_do_not_grow_with_the_events(client, django_assert_num_queries, size):
    for n in range(size):
        event = EventFactory(
            date=LATEST - datetime.timedelta(days=n % 20), topics=[f"T{n}", "Chongqing"]
        )
        SourceFactory(event=event)
        EventFactory(date=datetime.date(2000 + n % 20, 2, 8))
    # The count, the page's events, their outlets and topics, the days' counts, the years,
    # the latest day, the Ongoing period's events and their topics, the On this day events.
    with time_machine.travel(TODAY, tick=False), django_assert_num_queries(9 + CACHE_LIFETIME):
        response = client.get(HOME)
    assert len(response.context["events"]) == 2 * size
    assert len(response.context["on_this_day"]) == min(size, 5)
