"""Signed-in staff always get a freshly rendered page, and nothing rendered for them is stored.

Staff may preview drafts at their public addresses: such a page must never reach a reader,
and a cached public page must never hide an editor's draft from the editor. On local memory
and on real Redis.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from tests.factories import EventFactory, event_with_details

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_backend")]

FEB_8 = datetime.date(2012, 2, 8)
DAY = "/news/2012/02/8/"


@pytest.fixture
def draft():
    EventFactory(date=FEB_8, headline="Published that day.")
    return event_with_details(FEB_8, status=Event.Status.DRAFT, headline="A draft, not public.")


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def test_a_staff_preview_of_a_draft_is_never_cached_for_the_public(client, staff_browser, draft):
    url = draft.get_absolute_url()
    for _ in range(2):
        preview = staff_browser.get(url)
        assert preview.status_code == 200
        assert b"A draft, not public." in preview.content
        assert "no-store" in preview["Cache-Control"]
        assert "ETag" not in preview
    for _ in range(2):
        assert client.get(url).status_code == 404


def test_staff_never_get_the_cached_page(client, staff_browser, draft):
    published = Event.objects.get(headline="Published that day.")
    for _ in range(2):
        client.get(published.get_absolute_url())
    # Rows changed behind the cache's back: readers still get the cached copy, staff never do.
    Event.objects.filter(pk=published.pk).update(headline="Corrected in the database.")
    assert b"Corrected in the database." not in client.get(published.get_absolute_url()).content
    for _ in range(2):
        page = staff_browser.get(published.get_absolute_url())
        assert b"Corrected in the database." in page.content
        assert set(page["Cache-Control"].split(", ")) == {"private", "no-cache"}
        assert "ETag" not in page
    # Staff's If-None-Match of the public copy gets the real page, not a 304.
    public_etag = client.get(published.get_absolute_url())["ETag"]
    answer = staff_browser.get(published.get_absolute_url(), headers={"if-none-match": public_etag})
    assert answer.status_code == 200


def test_what_staff_are_shown_is_never_stored_for_readers(client, staff_browser, draft):
    published = Event.objects.get(headline="Published that day.")
    for url in (DAY, published.get_absolute_url()):
        staff_browser.get(url)
        staff_browser.get(url)
        assert query_count(client, url) > 0, f"{url}: a reader got what was rendered for staff"
        assert query_count(client, url) == 0


def test_a_request_with_a_session_cookie_is_rendered_afresh_and_not_kept(client, draft):
    """A stale session cookie too: telling it from a live one would take a query."""
    client.get(DAY)
    client.cookies["sessionid"] = "no-such-session"
    response = client.get(DAY)
    assert response.status_code == 200
    assert b"A draft, not public." not in response.content
    assert "ETag" not in response
    assert query_count(client, DAY) > 0
