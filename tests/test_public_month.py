"""The month page: its calendar, then every public event of the month by day, paged."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.http_cache import keys
from events.models import Event
from events.public.views import MonthView
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db

FEBRUARY = reverse("events:month", kwargs={"year": 2012, "month": 2})


def test_month_lists_every_public_event_by_day_as_linked_headlines(client):
    later = EventFactory(date=datetime.date(2012, 2, 9), position=0, headline="Ninth.")
    second = EventFactory(date=datetime.date(2012, 2, 8), position=1, headline="Second.")
    first = EventFactory(
        date=datetime.date(2012, 2, 8),
        position=0,
        headline="First.",
        summary="A summary only the day and event pages show.",
        topics=["Chongqing"],
    )
    SourceFactory(event=first, name="BBC", url="https://www.bbc.co.uk/news/1")
    EventFactory(
        date=datetime.date(2012, 2, 8), headline="Hidden draft.", status=Event.Status.DRAFT
    )
    EventFactory(date=datetime.date(2012, 3, 1), headline="Next month.")
    page = client.get(FEBRUARY).content.decode()
    listing = page[page.index('id="month-events-heading"') :]
    assert listing.index("First.") < listing.index("Second.") < listing.index("Ninth.")
    for day in (8, 9):
        heading = f'<h3 class="dated-events__day" id="day-2012-02-{day:02d}">'
        link = f'<a href="/news/2012/02/{day}/"><time datetime="2012-02-{day:02d}">'
        assert heading + link in listing
    assert '<time datetime="2012-02-08">Wednesday 8 February 2012</time>' in listing
    for event in (first, second, later):
        assert f'href="{event.get_absolute_url()}">{event.headline}</a></li>' in listing
    # An overview: the day and event pages show outlets, topics and summaries, not this one.
    assert "bbc.co.uk" not in page and "BBC" not in listing
    assert "/topics/chongqing/" not in page and 'class="tag"' not in page
    assert "A summary only" not in page
    assert "Hidden draft." not in page and "Next month." not in listing
    assert page.index('class="calendar"') < page.index('id="month-events-heading"')


def test_month_reads_only_what_its_headlines_show(client):
    EventFactory(summary="Not read.", topics=["Chongqing"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(FEBRUARY).status_code == 200
    listing = [q["sql"] for q in queries.captured_queries if '"headline"' in q["sql"]]
    assert len(listing) == 1
    for unread in ("summary", "cover_image_url", "sources_source", "tagged"):
        assert unread not in listing[0]
    assert not any("sources_source" in q["sql"] for q in queries.captured_queries)


def test_month_listing_escapes_headlines(client):
    EventFactory(headline="<script>alert(1)</script> & co")
    page = client.get(FEBRUARY).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "<script>alert" not in page


def test_month_pages_hold_a_hundred_events():
    assert MonthView.paginate_by == 100


def test_month_is_paged_past_its_bound(client, monkeypatch):
    monkeypatch.setattr(MonthView, "paginate_by", 2)
    events = [
        EventFactory(date=datetime.date(2012, 2, 1 + n), headline=f"Day {1 + n}.") for n in range(5)
    ]
    first = client.get(FEBRUARY)
    assert [e.headline for e in first.context["events"]] == ["Day 1.", "Day 2."]
    assert first.context["paginator"].num_pages == 3
    page = first.content.decode()
    assert 'rel="next" href="?page=2"' in page
    assert "page 1 of 3" in page
    last = client.get(FEBRUARY, {"page": 3})
    assert [e.headline for e in last.context["events"]] == ["Day 5."]
    # The calendar shows the whole month on every page.
    assert '<a href="/news/2012/02/1/">' in last.content.decode()
    xkey = last["xkey"].split()
    assert keys.month_key(events[0].date) in xkey
    assert keys.event_key(events[4].pk) in xkey and keys.event_key(events[0].pk) not in xkey
    assert client.get(FEBRUARY, {"page": 4}).status_code == 400
    assert client.get(FEBRUARY, {"page": "x"}).status_code == 400


def test_month_without_public_events_is_404(client):
    EventFactory(headline="Draft.", status=Event.Status.DRAFT)
    assert client.get(FEBRUARY).status_code == 404


def test_the_year_page_names_its_months_without_events(client):
    EventFactory(date=datetime.date(2012, 2, 8))
    EventFactory(date=datetime.date(2012, 4, 1))
    page = client.get("/news/2012/").content.decode()
    assert '<a href="/news/2012/02/">February</a> <span class="count">1 event</span>' in page
    assert '<li class="period-list__empty">March <span class="count">no events</span></li>' in page
    assert page.count("no events") == 10


def test_every_page_links_the_outlets_and_the_api_from_its_footer(client):
    EventFactory(date=datetime.date(2012, 2, 8))
    footer = client.get("/news/2012/").content.decode().split('<footer class="site-footer">')[1]
    assert '<a href="/outlets/">Outlets</a>' in footer
    assert '<a href="/api/v1/docs">Data API</a>' in footer


def test_calendar_days_are_shaded_by_their_number_of_events(client):
    for count, day in ((1, 1), (4, 2), (8, 3)):
        for _ in range(count):
            EventFactory(date=datetime.date(2012, 2, day))
    page = client.get("/news/2012/02/").content.decode()
    assert '<td class="has-events shade-1"><a href="/news/2012/02/1/">' in page
    assert '<td class="has-events shade-2"><a href="/news/2012/02/2/">' in page
    assert '<td class="has-events shade-4"><a href="/news/2012/02/3/">' in page
    assert '<span class="calendar__count">8 events</span>' in page  # the number, in words
