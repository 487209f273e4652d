"""The 404 page helps: a search box, and the nearest days with public events to the date the
address asked for (or the latest day), in a query or two, always with status 404."""

import datetime
import re

import pytest

from events.changes import purges
from events.changes.states import EventState
from events.http_cache import keys
from events.models import Event
from events.public.not_found import period_asked
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

BEFORE = datetime.date(2012, 2, 8)
AFTER = datetime.date(2012, 3, 14)
CACHE_LIFETIME = 1  # every kept response asks when the next scheduled event goes public


@pytest.fixture
def archive():
    """Public events on 8 February and 14 March 2012; drafts in between and after."""
    EventFactory(date=BEFORE, slug="before")
    EventFactory(date=AFTER, slug="after")
    EventFactory(date=datetime.date(2012, 2, 20), status=Event.Status.DRAFT)
    EventFactory(date=datetime.date(2012, 12, 1), status=Event.Status.DRAFT)


def missing(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 404
    return response.content.decode()


def nearest_links(page: str) -> list[tuple[str, str]]:
    """(address, date) of each day the page links to."""
    return re.findall(r'<a href="([^"]+)"><time datetime="[-0-9]+">([^<]+)</time></a>', page)


@pytest.mark.parametrize(
    "path",
    [
        "/news/2012/02/30/",  # a day no calendar has: the end of February
        "/news/2012/02/20/",  # a day whose only event is a draft
        "/news/2012/02/20/a-draft/",  # an event that is not public
        "/news/2012/2/29/",  # an address no route takes
    ],
)
def test_a_day_without_public_events_links_to_the_nearest_days_either_side(client, archive, path):
    page = missing(client, path)
    assert nearest_links(page) == [
        ("/news/2012/02/8/", "Wednesday 8 February 2012"),
        ("/news/2012/03/14/", "Wednesday 14 March 2012"),
    ]


def test_an_unknown_event_on_a_day_with_events_links_to_that_day(client, archive):
    page = missing(client, "/news/2012/02/8/no-such-event/")
    assert nearest_links(page) == [("/news/2012/02/8/", "Wednesday 8 February 2012")]
    assert "The archive has events on that day" in page


def test_a_month_without_events_and_dates_past_either_end(client, archive):
    assert nearest_links(missing(client, "/news/2012/01/")) == [
        ("/news/2012/02/8/", "Wednesday 8 February 2012")
    ]
    assert nearest_links(missing(client, "/news/2030/06/1/")) == [
        ("/news/2012/03/14/", "Wednesday 14 March 2012")
    ]


def test_any_other_address_links_to_the_latest_day(client, archive):
    page = missing(client, "/no/such/page/")
    assert nearest_links(page) == [("/news/2012/03/14/", "Wednesday 14 March 2012")]
    assert "The latest day with events" in page


def test_an_empty_archive_offers_the_search_alone(client):
    page = missing(client, "/news/2012/02/8/")
    assert nearest_links(page) == []
    assert '<form class="not-found__search" role="search"' in page


def test_has_a_labelled_search_box_sending_to_the_search_page(client, archive):
    page = missing(client, "/nowhere/")
    form = page[page.index('<form class="not-found__search"') :]
    form = form[: form.index("</form>")]
    assert 'action="/search/" method="get"' in form
    assert '<label for="not-found-words">Search the archive</label>' in form
    assert '<input type="search" id="not-found-words" name="q"' in form


def test_escapes_the_address(client, archive):
    response = client.get("/news/2012/02/8/<script>alert(1)</script>/")
    assert response.status_code == 404
    assert b"<script>alert" not in response.content


def test_is_cheap_and_kept_under_the_not_found_key(client, archive, django_assert_num_queries):
    # What the page itself adds to finding nothing (the redirects' table, and the day's own
    # statement for a day address): the nearest day on either side, a query each. (The day's
    # statement tells the lifetime cap only when it found events.)
    with django_assert_num_queries(4 + CACHE_LIFETIME):
        response = client.get("/news/2012/02/20/")
    assert response.status_code == 404
    assert len(nearest_links(response.content.decode())) == 2
    assert set(response["xkey"].split()) == {keys.SITE, keys.NOT_FOUND}
    for path in ("/news/2012/02/30/", "/news/2012/02/20/a/b/c/"):
        with django_assert_num_queries(3 + CACHE_LIFETIME):
            assert client.get(path).status_code == 404
    # Any other address: the latest day, one query.
    with django_assert_num_queries(2 + CACHE_LIFETIME):
        assert client.get("/elsewhere/").status_code == 404


def test_a_day_gaining_its_first_event_purges_the_not_found_pages():
    new = EventState(0, datetime.date(2012, 2, 20), 0, "new", "H.", True, frozenset())
    assert keys.NOT_FOUND in purges.for_event(None, new)


@pytest.mark.parametrize(
    ("path", "period"),
    [
        ("/news/2012/", ("2012-01-01", "2012-12-31")),
        ("/news/2012/02/", ("2012-02-01", "2012-02-29")),
        ("/news/2011/02/30/", ("2011-02-28", "2011-02-28")),
        ("/news/2012/13/1/", ("2012-12-01", "2012-12-01")),
        ("/news/2012/02/08/slug.md", ("2012-02-08", "2012-02-08")),
        ("/news/0000/00/0/", ("0001-01-01", "0001-01-01")),
        ("/news/201/", None),
        ("/news/20121/", None),
        ("/topics/2012/", None),
    ],
)
def test_the_period_an_address_asks_for(path, period):
    expected = tuple(map(datetime.date.fromisoformat, period)) if period else None
    assert period_asked(path) == expected
