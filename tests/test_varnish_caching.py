"""Varnish with the repository's VCL in front of Django: what it keeps, for whom, and how long.

Each test runs against a real varnishd (tests/varnish.py) whose backend is the live test server.
"""

import datetime

import pytest
from django.test import Client

from events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.varnish

FEB_8 = datetime.date(2012, 2, 8)
YEAR = "/news/2012/"
DAY = "/news/2012/02/8/"
HEADLINE = "Wang Lijun visits the consulate."
SECRET = "Secret merger of two ministries."


@pytest.fixture
def story(varnish):
    return EventFactory(date=FEB_8, headline=HEADLINE, topics=["Chongqing"])


def session_cookie(user) -> str:
    """The Cookie header of a browser signed in as `user` (the session is in the test database)."""
    browser = Client()
    browser.force_login(user)
    return f"csrftoken=abc; sessionid={browser.cookies['sessionid'].value}"


def s_maxage(answer) -> int:
    directives = dict(
        part.strip().partition("=")[::2] for part in answer["Cache-Control"].split(",")
    )
    return int(directives["s-maxage"])


def test_the_second_request_is_a_hit_without_keys_or_cookies(varnish, story):
    first = varnish.get(DAY)
    assert (first.status, first.cache) == (200, "MISS")
    assert HEADLINE in first.text
    second = varnish.get(DAY)
    assert (second.status, second.cache, second.body) == (200, "HIT", first.body)
    assert "public" in second["Cache-Control"]
    assert s_maxage(second) > 0
    for private in ("xkey", "Set-Cookie", "Via", "X-Varnish"):
        assert private not in second.headers, private


def test_reader_cookies_neither_split_the_cache_nor_come_back(varnish, story):
    varnish.get(DAY)
    answer = varnish.get(DAY, {"Cookie": "csrftoken=abc; _ga=GA1.2.3; theme=dark"})
    assert answer.cache == "HIT"
    assert "Set-Cookie" not in answer.headers


def test_tracking_parameters_and_parameter_order_make_no_new_object(varnish, story):
    varnish.get(DAY)
    assert varnish.get(DAY + "?utm_source=x").cache == "HIT"
    # A page that takes no parameters (a year's) ignores them all.
    varnish.get(YEAR)
    assert varnish.get(YEAR + "?anything=1&fbclid=2").cache == "HIT"
    # The page on following the feeds takes none.
    varnish.get("/feeds/")
    assert varnish.get("/feeds/?utm_source=x&page=2").cache == "HIT"
    # The home (the latest days) takes none: an old link to its second page is the home.
    varnish.get("/")
    assert varnish.get("/?utm_source=x&page=2&gclid=3").cache == "HIT"
    # The paged lists keep theirs, sorted, less the tracking ones: a day's pages too.
    varnish.get(DAY + "?page=1")
    assert varnish.get(DAY + "?utm_source=x&page=1").cache == "HIT"
    assert varnish.get(DAY + "?page=2").status == 400  # kept, so Django says it is no page
    varnish.get("/outlets/?page=1")
    assert varnish.get("/outlets/?page=1&fbclid=2").cache == "HIT"
    # A month is paged too: its second page is not its first.
    assert varnish.get("/news/2012/02/?page=1").status == 200
    assert varnish.get("/news/2012/02/?page=2").status == 400
    varnish.get("/search/?q=Wang&topic=Chongqing")
    answer = varnish.get("/search/?topic=Chongqing&utm_campaign=c&q=Wang&mc_cid=1&mc_eid=2")
    assert (answer.status, answer.cache) == (200, "HIT")
    assert HEADLINE.replace("Wang", "<mark>Wang</mark>", 1) in answer.text  # the match marked
    # ... and a different page is a different object.
    assert varnish.get("/search/?q=Wang").cache == "MISS"


def test_a_parameter_a_page_does_not_take_makes_no_new_object(varnish, story):
    first = varnish.get(DAY + "?x=1")
    assert first.status == 200
    second = varnish.get(DAY + "?x=2")
    assert (second.cache, second.body) == ("HIT", first.body)
    assert varnish.get(DAY).cache == "HIT"
    # The topic index's own parameters are kept, an unknown one beside them dropped.
    varnish.get("/topics/?q=chong&sort=events")
    assert varnish.get("/topics/?r=7&sort=events&q=chong").cache == "HIT"
    # A search's words still reach Django, whatever else comes with them.
    found = varnish.get("/search/?q=Wang&x=1")
    assert (found.status, found.cache) == (200, "MISS")
    assert "<mark>Wang</mark>" in found.text
    assert varnish.get("/search/?x=2&q=Wang").cache == "HIT"
    other = varnish.get("/search/?q=consulate&x=1")
    assert (other.cache, "<mark>consulate</mark>" in other.text) == ("MISS", True)


def test_the_day_grouped_by_story_reaches_django_behind_varnish(varnish, story):
    EventFactory(date=FEB_8, position=1, headline="Bo Xilai in Chongqing.", topics=["Chongqing"])
    grouped = varnish.get(DAY + "?utm_source=x&view=stories&x=1")
    assert (grouped.status, grouped.cache) == (200, "MISS")
    assert '<section class="story"' in grouped.text
    assert 'href="/topics/chongqing/">Chongqing</a>' in grouped.text
    # The view is kept, what comes with it dropped: one object, whatever else is asked.
    assert varnish.get(DAY + "?view=stories&y=2").cache == "HIT"
    # ... and the plain day is another, without the grouping.
    plain = varnish.get(DAY + "?x=1")
    assert (plain.status, plain.cache) == (200, "MISS")
    assert '<section class="story"' not in plain.text
    assert varnish.get(DAY).cache == "HIT"


def test_the_go_to_date_form_works_behind_varnish(varnish, story):
    first = varnish.get("/date/?date=2012-02-08&utm_source=x")
    assert (first.status, first["Location"]) == (302, DAY)
    assert varnish.get("/date/?date=2012-02-08").cache == "HIT"
    other = varnish.get("/date/?date=2012-03-01")
    assert (other.status, other["Location"]) == (302, "/news/2012/03/1/")
    assert varnish.get("/date/").status == 400


def test_a_matching_etag_is_answered_304_by_varnish(varnish, story):
    page = varnish.cached(DAY)
    etag = page["ETag"]
    assert etag
    answer = varnish.get(DAY, {"If-None-Match": etag})
    assert (answer.status, answer.cache, answer.body) == (304, "HIT", b"")
    assert answer["ETag"] == etag
    assert varnish.get(DAY, {"If-None-Match": '"something-else"'}).status == 200


def test_signed_in_requests_pass_and_are_not_kept(varnish, story, staff_user):
    cookie = {"Cookie": session_cookie(staff_user)}
    for _ in range(2):
        answer = varnish.get(DAY, cookie)
        assert (answer.status, answer.cache) == (200, "PASS")
        assert "private" in answer["Cache-Control"]
    assert varnish.get(DAY).cache == "MISS"  # nothing a signed-in reader got was stored


def test_a_draft_preview_is_never_cached(varnish, story, staff_user):
    draft = EventFactory(date=FEB_8, headline=SECRET, status=Event.Status.DRAFT)
    cookie = {"Cookie": session_cookie(staff_user)}
    for _ in range(2):
        preview = varnish.get(draft.get_absolute_url(), cookie)
        assert (preview.status, preview.cache) == (200, "PASS")
        assert SECRET in preview.text
        assert "private" in preview["Cache-Control"]
    reader = varnish.get(draft.get_absolute_url())
    assert reader.status == 404
    assert SECRET not in reader.text
    assert SECRET not in varnish.get(DAY).text


def test_admin_and_health_checks_always_reach_django(varnish, staff_user):
    for _ in range(2):
        assert varnish.get("/healthz").cache == "PASS"
        assert varnish.get("/admin/login/").cache == "PASS"
        answer = varnish.get("/admin/", {"Cookie": session_cookie(staff_user)})
        assert (answer.status, answer.cache) == (200, "PASS")


def test_a_not_found_and_a_redirect_keep_their_own_lifetimes(varnish, story):
    page = varnish.cached(DAY)
    missing = varnish.get("/news/2012/02/9/")
    assert (missing.status, missing.cache) == (404, "MISS")
    missing = varnish.get("/news/2012/02/9/")
    assert (missing.status, missing.cache) == (404, "HIT")
    assert 0 < s_maxage(missing) < s_maxage(page)

    padded = "/news/2012/02/08/"  # the old address form: a permanent redirect to the day
    moved = varnish.get(padded)
    assert (moved.status, moved.cache) == (301, "MISS")
    assert moved["Location"].endswith(DAY)
    moved = varnish.get(padded)
    assert (moved.status, moved.cache) == (301, "HIT")
    assert "public" in moved["Cache-Control"]
    assert s_maxage(moved) > 0


def test_http_and_https_are_separate_objects(varnish, story):
    """Behind a load balancer, Django redirects plain HTTP to HTTPS: that redirect, kept for
    HTTP, must never answer a request that came over HTTPS."""
    varnish.cached(DAY)
    secure = varnish.get(DAY, {"X-Forwarded-Proto": "https"})
    assert (secure.status, secure.cache) == (200, "MISS")
    assert varnish.get(DAY, {"X-Forwarded-Proto": "https, http"}).cache == "HIT"
    # Anything but a first "https" is plain HTTP, as Django reads it.
    assert varnish.get(DAY, {"X-Forwarded-Proto": "ftp"}).cache == "HIT"
    assert varnish.get(DAY, {"X-Forwarded-Proto": "http, https"}).cache == "HIT"


def test_purges_are_taken_only_from_allowed_addresses(varnish, story):
    varnish.cached(DAY)
    purge = {"xkey-purge": "site"}
    refused = varnish.request("PURGE", "/", purge, source="127.0.0.2")
    assert refused.status == 403
    assert varnish.get(DAY).cache == "HIT"
    assert varnish.request("PURGE", "/", purge).status == 200
    assert varnish.get(DAY).cache == "MISS"
