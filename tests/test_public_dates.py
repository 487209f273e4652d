"""A day in one step: the "go to date" form on the home, day, month and search pages leads to
the day's page (or the nearest days with events), the day and event pages link the days either
side, and a search that names a date offers that day's page first."""

import datetime
import re

import pytest

from events.models import Event
from events.public.dates import days_named
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

FEB_8 = datetime.date(2012, 2, 8)
MARCH_14 = datetime.date(2012, 3, 14)
CACHE_LIFETIME = 1


@pytest.fixture
def archive():
    """Public events on 8 February and 14 March 2012; a draft in between."""
    first = EventFactory(date=FEB_8, slug="wang", headline="Wang Lijun visits the consulate.")
    second = EventFactory(date=MARCH_14, slug="bo", headline="Bo Xilai is removed.")
    EventFactory(date=datetime.date(2012, 2, 20), status=Event.Status.DRAFT)
    return first, second


@pytest.mark.parametrize(
    "address", ["/", "/news/2012/02/", "/news/2012/02/8/", "/search/", "/search/?q=wang"]
)
def test_the_form_is_on_the_pages_readers_start_from(client, archive, address):
    page = client.get(address).content.decode()
    form = re.search(
        r'<form class="go-to-date" action="/date/" method="get">.*?</form>', page, re.S
    )
    assert form, address
    assert '<input type="date" id="go-to-date" name="date" required' in form[0]


def test_a_date_leads_to_its_day_page(client, archive, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/date/", {"date": "2012-02-08"})
    assert (response.status_code, response["Location"]) == (302, "/news/2012/02/8/")
    assert "public" in response["Cache-Control"]
    assert client.get(response["Location"]).status_code == 200


def test_a_day_without_events_lands_on_the_nearest_days(client, archive):
    response = client.get("/date/", {"date": "2012-02-20"}, follow=True)
    assert response.status_code == 404
    page = response.content.decode()
    assert 'no events on <time datetime="2012-02-20">Monday 20 February 2012</time>' in page
    assert '<a href="/news/2012/02/8/">' in page and '<a href="/news/2012/03/14/">' in page


@pytest.mark.parametrize("date", ["", "2012-02-30", "8 February 2012", "2012-2-8", "x" * 300])
def test_a_missing_or_unreadable_date_is_a_400_with_the_form_again(client, archive, date):
    response = client.get("/date/", {"date": date})
    assert response.status_code == 400
    page = response.content.decode()
    assert "year-month-day: 2012-02-08 for 8 February 2012" in page
    assert 'name="date"' in page


def pager_days(page: str, label: str) -> list[str]:
    nav = re.search(rf'<nav class="pager" aria-label="{label}">(.*?)</nav>', page, re.S)
    return re.findall(r'rel="(?:prev|next)" href="([^"]+)"', nav[1]) if nav else []


def test_a_day_page_links_the_days_either_side_at_the_top_and_the_bottom(client, archive):
    page = client.get("/news/2012/03/14/").content.decode()
    assert pager_days(page, "Days before and after") == ["/news/2012/02/8/"]
    assert pager_days(page, "Days") == ["/news/2012/02/8/"]
    assert (
        page.index("Days before and after")
        < page.index("<article")
        < page.index('aria-label="Days"')
    )


def test_an_event_page_links_the_days_either_side_with_public_events(client, archive):
    first, second = archive
    assert pager_days(
        client.get(first.get_absolute_url()).content.decode(), "Days before and after"
    ) == ["/news/2012/03/14/"]
    assert pager_days(
        client.get(second.get_absolute_url()).content.decode(), "Days before and after"
    ) == ["/news/2012/02/8/"]


@pytest.mark.parametrize(
    "typed",
    [
        "8 February 2012",
        "8 Feb 2012",
        "February 8, 2012",
        "Feb 8 2012",
        "feb. 8th, 2012",
        "2012-02-08",
        "2012/02/08",
        "the 8th of February 2012",
        "protests 8 February 2012",
    ],
)
def test_search_reads_the_ways_readers_type_a_day(typed):
    assert days_named(typed) == [FEB_8]


def test_day_and_month_in_figures_are_read_both_ways_round():
    assert days_named("8/2/2012") == [FEB_8, datetime.date(2012, 8, 2)]
    assert days_named("8/8/2012") == [datetime.date(2012, 8, 8)]
    assert days_named("25/12/2012") == [datetime.date(2012, 12, 25)]
    assert days_named("30 February 2012 or 2012-13-01 or wang 2012") == []


def test_a_search_naming_a_day_offers_its_page_first(client, archive):
    page = client.get("/search/", {"q": "8 February 2012"}).content.decode()
    offer = page.index('<section class="named-days"')
    offer_link = '<a href="/news/2012/02/8/">Events of <time datetime="2012-02-08">'
    assert offer_link + "Wednesday 8 February 2012</time></a>" in page
    assert offer < page.index('id="results-heading"')
    both = client.get("/search/", {"q": "8/2/2012"}).content.decode()
    assert "Which day did you mean?" in both
    assert '<a href="/news/2012/08/2/">' in both and '<a href="/news/2012/02/8/">' in both
