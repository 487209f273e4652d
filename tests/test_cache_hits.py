"""Public pages are answered from the cache after their first reader: no query, no cookie.

Every test runs on local memory and on real Redis (the `cache_backend` fixture).
"""

import datetime
import socket

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from events.page_cache import CachedPage, page_key
from events.public_version import bump_public_version, current_state, learn_schedule, page_cache
from newsroom.settings.caches import redis_caches
from tests.admin_forms import change_url, open_change_form
from tests.factories import EventFactory, event_with_details

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_backend")]

FEB_8 = datetime.date(2012, 2, 8)


@pytest.fixture
def event():
    event = event_with_details(FEB_8, headline="Wang Lijun visits the consulate.", related=0)
    event_with_details(FEB_8, headline="A second event that day.", related=0)
    return event


def public_pages(event) -> list[str]:
    day = {"year": 2012, "month": 2, "day": 8}
    topic = event.topics.get().slug
    return [
        reverse("events:home"),
        reverse("events:year", kwargs={"year": 2012}),
        reverse("events:month", kwargs={"year": 2012, "month": 2}),
        reverse("events:day", kwargs=day),
        event.get_absolute_url(),
        reverse("events:topics"),
        reverse("events:topic", kwargs={"slug": topic}),
        reverse("events:topic_feed", kwargs={"slug": topic}),
        reverse("events:latest_feed"),
        reverse("sitemap"),
        reverse("sitemap_section", kwargs={"section": "events"}),
        reverse("robots"),
    ]


def queries_for(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def test_every_public_page_is_answered_from_the_cache_the_second_time(
    client, event, django_assert_num_queries
):
    for url in public_pages(event):
        first = client.get(url)
        assert first.status_code == 200, url
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second.status_code == 200, url
        assert second.content == first.content, url
        assert second["ETag"] == first["ETag"], url
        assert second["Content-Type"] == first["Content-Type"], url


def test_the_first_reader_pays_the_render_and_one_look_at_the_schedule(
    client, event, settings, django_assert_num_queries
):
    url = reverse("events:day", kwargs={"year": 2012, "month": 2, "day": 8})
    settings.PUBLIC_PAGE_CACHE = False
    _, rendering = queries_for(client, url)
    settings.PUBLIC_PAGE_CACHE = True
    # The next scheduled publish time, once per content version.
    with django_assert_num_queries(rendering + 1):
        client.get(url)
    with django_assert_num_queries(0):
        client.get(url)


def test_cached_pages_set_no_cookie_and_carry_no_csrf_token(client, event):
    for url in public_pages(event):
        for response in (client.get(url), client.get(url)):
            assert not response.cookies, url
            assert "Set-Cookie" not in response.headers, url
            assert "csrfmiddlewaretoken" not in response.content.decode(), url
    # The search box on every page needs no token: it only reads.
    page = client.get(event.get_absolute_url()).content.decode()
    assert 'action="/search/" method="get"' in page


def test_cached_pages_say_how_others_may_keep_them(client, event):
    for response in (client.get(event.get_absolute_url()), client.get(event.get_absolute_url())):
        assert response["Cache-Control"] == "public, no-cache"
        assert response["Vary"] == "Cookie"
        assert response["ETag"].startswith('"')
        # Kept with the headers the middleware below the cache adds, served again with them.
        assert response["X-Frame-Options"] == "DENY"


def test_pages_are_kept_per_address_page_number_and_host(client, event):
    for day in range(1, 12):  # eleven days: the home page has two pages
        EventFactory(date=datetime.date(2013, 1, day), headline=f"Day {day} of 2013.")
    home = reverse("events:home")
    for _ in range(2):
        first_page = client.get(home)
        second_page = client.get(home, {"page": "2"})
        other_host = client.get(home, headers={"host": "localhost"})
        assert b"Day 11 of 2013." in first_page.content
        assert b"Day 11 of 2013." not in second_page.content
        assert b"Day 1 of 2013." in second_page.content
        assert b"http://testserver/" in first_page.content
        assert b"http://localhost/" in other_host.content
        assert len({first_page["ETag"], second_page["ETag"], other_host["ETag"]}) == 3


def test_search_and_missing_pages_are_never_cached(client, event):
    for url in ("/search/?q=consulate", "/news/2012/02/9/"):
        first, _ = queries_for(client, url)
        second, queries = queries_for(client, url)
        assert queries > 0, url
        assert "ETag" not in second, url
    assert first.status_code == 404


def test_an_edit_made_behind_the_caches_back_is_not_seen_until_the_version_moves(client, event):
    """What the version guards against: rows changed with no signal (a raw UPDATE)."""
    url = event.get_absolute_url()
    client.get(url)
    type(event).objects.filter(pk=event.pk).update(headline="Changed in SQL.")
    assert b"Changed in SQL." not in client.get(url).content
    bump_public_version()
    assert b"Changed in SQL." in client.get(url).content


def test_an_unreachable_cache_serves_pages_uncached_and_refuses_edits(
    client, event, settings, staff_browser
):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    data = {**open_change_form(staff_browser, event), "headline": "Edited meanwhile."}
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{closed_port}/0")
    settings.PUBLIC_VERSION_CACHE = "default"
    for _ in range(2):
        response, queries = queries_for(client, event.get_absolute_url())
        assert response.status_code == 200
        assert b"Wang Lijun visits the consulate." in response.content
        assert queries > 0
    # An edit that could not retire cached pages would leave them stale once the cache is back.
    with pytest.raises(RedisConnectionError):
        staff_browser.post(change_url(event), data)
    event.refresh_from_db()
    assert event.headline == "Wang Lijun visits the consulate."


def test_a_draft_is_never_cached_for_the_public(client):
    draft = EventFactory(date=FEB_8, status="draft", headline="Not yet.")
    EventFactory(date=FEB_8, headline="Public.")
    day = reverse("events:day", kwargs={"year": 2012, "month": 2, "day": 8})
    for _ in range(2):
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert b"Not yet." not in client.get(day).content


def test_what_another_server_stored_at_the_current_version_is_what_readers_get(
    client, event, django_assert_num_queries
):
    """This process keeps copies of pages it served; the shared cache still has the last word."""
    url = event.get_absolute_url()
    client.get(url)
    headers = dict(client.get(url).headers)  # now kept in this process too
    # Another server: an edit bumps the version, then a reader there has the page rendered.
    version = bump_public_version()
    learn_schedule(current_state())
    key = page_key(RequestFactory().get(url))
    page_cache().set(key, CachedPage(version, headers, b"As another server rendered it."))
    with django_assert_num_queries(0):
        assert client.get(url).content == b"As another server rendered it."
