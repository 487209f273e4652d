"""The home page, a front page: the latest seven days with events, at most 25 events of each
(its first one leading) and a link to the rest of the day; the "Ongoing" box (topics most in
the news up to the archive's latest day) and the "On this day" box (today's calendar day in
earlier years), kept by shared caches no later than midnight."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from events.changes import purges
from events.changes.states import EventState
from events.http_cache import keys
from events.models import Event
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


def test_it_shows_the_latest_seven_days_with_events_and_leads_to_the_day_before(client):
    dates = [LATEST - datetime.timedelta(days=n) for n in (0, 1, 3, 4, 8, 9, 10, 20, 30)]
    for date in dates:
        EventFactory(date=date, headline=f"News of {date.isoformat()}.")
    # A draft on a later day makes no day of the page.
    EventFactory(date=LATEST + datetime.timedelta(days=1), status=Event.Status.DRAFT)
    response = client.get(HOME)
    assert [day.date for day in response.context["days"]] == dates[:7]
    page = page_of(response)
    assert "News of 2012-03-10." in page and "News of 2012-02-29." not in page
    # The day after the page's last, a link away; each day of the page, an anchor away.
    assert (
        '<a href="/news/2012/02/29/">Earlier: <time datetime="2012-02-29">'
        "Wednesday 29 February 2012</time></a>"
    ) in page
    days_nav = page[page.index('aria-label="Days on this page"') :]
    days_nav = days_nav[: days_nav.index("</nav>")]
    assert re.findall(r'href="#day-([0-9-]+)"', days_nav) == [d.isoformat() for d in dates[:7]]


def test_a_busy_day_shows_its_first_events_in_order_and_links_to_the_rest(client):
    for position in range(27):
        EventFactory(date=LATEST, position=position, headline=f"Event {position:02d}.")
    EventFactory(date=LATEST, position=0, headline="A draft first.", status=Event.Status.DRAFT)
    response = client.get(HOME)
    (day,) = response.context["days"]
    assert [event.headline for event in day.events] == [f"Event {n:02d}." for n in range(25)]
    assert day.count == 27  # the draft is not counted
    page = page_of(response)
    assert "A draft first." not in page
    assert '<p class="day-digest__count">27 events</p>' in page
    assert '<a href="/news/2012/03/20/">2 more events on Tuesday 20 March 2012</a>' in page


def test_each_days_first_event_leads_and_the_others_follow_as_headlines(client):
    EventFactory(date=LATEST, position=0, headline="The lead.", summary="What it means.")
    EventFactory(date=LATEST, position=1, headline="The second.", summary="Not shown here.")
    page = page_of(client.get(HOME))
    lead = page[page.index('<article class="front-lead">') : page.index("</article>")]
    assert '<h3 class="front-lead__headline"><a class="dated-events__headline"' in lead
    assert "The lead.</a></h3>" in lead and "What it means." in lead
    others = page[page.index('<ul class="front-list">') :]
    assert "The second.</a>" in others[: others.index("</ul>")]
    assert "Not shown here." not in page
    assert "more event" not in page  # every event of the day is shown


@pytest.mark.parametrize("size", [2, 30])
def test_queries_do_not_grow_with_the_events(client, django_assert_num_queries, size):
    for n in range(size):
        event = EventFactory(
            date=LATEST - datetime.timedelta(days=n % 20), topics=[f"T{n}", "Chongqing"]
        )
        SourceFactory(event=event)
        EventFactory(date=datetime.date(2000 + n % 20, 2, 8))
    # The latest days, their events (counted by day), the events' outlets and topics, the
    # years (two statements, whatever the number of years), the Ongoing period's events and
    # their topics, the On this day events.
    with time_machine.travel(TODAY, tick=False), django_assert_num_queries(8 + CACHE_LIFETIME):
        response = client.get(HOME)
    assert len(response.context["days"]) == min(2 * size, 7)
    assert len(response.context["on_this_day"]) == min(size, 5)


def test_the_years_to_browse_are_those_with_public_events_newest_first(client):
    for year in (2009, 2011, 2012):
        EventFactory(date=datetime.date(year, 2, 8))
    EventFactory(date=datetime.date(2010, 2, 8), status=Event.Status.DRAFT)
    EventFactory(date=datetime.date(2013, 2, 8), status=Event.Status.DRAFT)
    with time_machine.travel(TODAY, tick=False):
        response = client.get(HOME)
    assert response.context["years"] == [2012, 2011, 2009]
