"""On this day: one day of the year (8 February) in every year of the archive, newest first."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from events.changes import purges
from events.changes.states import EventState
from events.http_cache import keys
from events.models import Event
from events.public.views import OnThisDayView
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db

FEB_8 = "/on-this-day/02-08/"
CACHE_LIFETIME = 1  # every public page asks when the next scheduled event goes public


def test_address_is_the_padded_month_and_day():
    assert reverse("events:on_this_day", args=[datetime.date(2000, 2, 8)]) == FEB_8
    assert reverse("events:on_this_day_today") == "/on-this-day/"


def test_lists_that_day_in_every_year_newest_first_without_drafts(client):
    old = EventFactory(date=datetime.date(2001, 2, 8), headline="Long ago.", topics=["Chongqing"])
    SourceFactory(event=old, name="BBC", url="https://www.bbc.co.uk/news/1")
    EventFactory(date=datetime.date(2012, 2, 8), position=0, headline="First in 2012.")
    EventFactory(date=datetime.date(2012, 2, 8), position=1, headline="Second in 2012.")
    EventFactory(date=datetime.date(2012, 2, 9), headline="The day after.")
    EventFactory(date=datetime.date(2020, 2, 8), headline="A draft.", status=Event.Status.DRAFT)
    response = client.get(FEB_8)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>On this day: 8 February</h1>" in page
    assert page.index("First in 2012.") < page.index("Second in 2012.") < page.index("Long ago.")
    assert '<time datetime="2001-02-08">Thursday 8 February 2001</time>' in page
    assert f'href="{old.get_absolute_url()}">Long ago.</a>' in page
    assert '<a class="tag" href="/topics/chongqing/">Chongqing</a>' in page
    assert 'rel="noopener nofollow ugc">BBC</a>' in page
    assert "The day after." not in page and "A draft." not in page
    assert 'href="/on-this-day/02-07/"' in page and 'href="/on-this-day/02-09/"' in page


def test_escapes_headlines(client):
    EventFactory(headline="<img src=x onerror=alert(1)> & co")
    page = client.get(FEB_8).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; co" in page
    assert "<img src=x" not in page


def test_29_february_lists_leap_years_and_days_no_calendar_has_are_404(client):
    EventFactory(date=datetime.date(2012, 2, 29), headline="Leap day.")
    assert "Leap day." in client.get("/on-this-day/02-29/").content.decode()
    assert client.get("/on-this-day/02-30/").status_code == 404
    assert client.get("/on-this-day/13-01/").status_code == 404
    assert client.get("/on-this-day/2-8/").status_code == 404


def test_a_day_without_events_says_so(client):
    EventFactory(date=datetime.date(2012, 3, 1))
    response = client.get(FEB_8)
    assert response.status_code == 200
    assert "The archive has no events on 8 February in any year." in response.content.decode()


def test_the_year_wraps_round_at_its_ends(client):
    page = client.get("/on-this-day/12-31/").content.decode()
    assert 'href="/on-this-day/01-01/"' in page and 'href="/on-this-day/12-30/"' in page


def test_today_is_kept_by_shared_caches_no_later_than_midnight(client):
    EventFactory(date=datetime.date(2011, 2, 8), headline="Today long ago.")
    moment = datetime.datetime(2027, 2, 8, 23, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        response = client.get("/on-this-day/")
    assert "Today long ago." in response.content.decode()
    assert "Today is 8 February." in response.content.decode()
    assert "s-maxage=3600" in response["Cache-Control"]
    assert f'<link rel="canonical" href="http://testserver{FEB_8}">' in response.content.decode()
    # An address with its day keeps the usual lifetime.
    with time_machine.travel(moment, tick=False):
        assert "s-maxage=86400" in client.get(FEB_8)["Cache-Control"]


def test_page_says_what_it_shows_and_a_new_event_of_that_day_purges_it(client):
    event = EventFactory(date=datetime.date(2012, 2, 8))
    xkey = client.get(FEB_8)["xkey"].split()
    assert keys.on_this_day_key(event.date) in xkey and keys.event_key(event.pk) in xkey
    later = EventState(0, datetime.date(2031, 2, 8), 0, "s", "H.", True, frozenset())
    assert keys.on_this_day_key(event.date) in purges.for_event(None, later)


def test_paged_past_its_bound(client, monkeypatch):
    monkeypatch.setattr(OnThisDayView, "paginate_by", 2)
    for year in (2010, 2011, 2012):
        EventFactory(date=datetime.date(year, 2, 8), headline=f"In {year}.")
    second = client.get(FEB_8, {"page": 2})
    assert [e.headline for e in second.context["events"]] == ["In 2010."]
    assert client.get(FEB_8, {"page": 3}).status_code == 400


@pytest.mark.parametrize("size", [3, 25])
def test_queries_do_not_grow_with_the_events(client, django_assert_num_queries, size):
    for n in range(size):
        event = EventFactory(date=datetime.date(1990 + n, 2, 8), topics=[f"T{n}", "Chongqing"])
        SourceFactory(event=event)
    # the years spanned, the count, the page's events, their outlets and topics
    with django_assert_num_queries(4 + CACHE_LIFETIME):
        assert client.get(FEB_8).status_code == 200


def test_day_and_event_pages_link_to_their_day_in_other_years(client):
    event = EventFactory(date=datetime.date(2012, 2, 8))
    for url in (event.get_absolute_url(), "/news/2012/02/8/"):
        page = client.get(url).content.decode()
        assert f'<a href="{FEB_8}">On this day: 8 February in other years</a>' in page
    assert 'href="/on-this-day/"' in client.get("/topics/").content.decode()
