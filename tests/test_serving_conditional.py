"""Conditional GET: public pages carry an ETag, and a matching If-None-Match is a 304 answered
from the cache, without a query or a template. On local memory and on real Redis."""

import datetime

import pytest

from events.public_version import bump_public_version
from tests.admin_forms import change_url, open_change_form
from tests.factories import EventFactory, event_with_details

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_backend")]

FEB_8 = datetime.date(2012, 2, 8)
DAY = "/news/2012/02/8/"


@pytest.fixture
def story():
    return event_with_details(FEB_8, headline="Wang Lijun visits the consulate.", related=0)


def revalidate(client, url, etag, method="get"):
    return getattr(client, method)(url, headers={"if-none-match": etag})


@pytest.mark.parametrize("page", ["day", "event"])
def test_a_matching_etag_is_a_304_without_a_query(client, story, page, django_assert_num_queries):
    url = DAY if page == "day" else story.get_absolute_url()
    first = client.get(url)
    etag = first["ETag"]
    with django_assert_num_queries(0):
        answer = revalidate(client, url, etag)
    assert answer.status_code == 304
    assert answer.content == b""
    assert answer["ETag"] == etag
    assert answer["Cache-Control"] == "public, no-cache"
    assert answer["Vary"] == "Cookie"
    with django_assert_num_queries(0):
        assert revalidate(client, url, etag, method="head").status_code == 304


def test_other_etags_get_the_whole_page(client, story):
    first = client.get(DAY)
    for etag in ('"something-else"', 'W/"something-else"', ""):
        answer = revalidate(client, DAY, etag)
        assert answer.status_code == 200
        assert answer.content == first.content
    # The weak form of the same tag matches: If-None-Match compares weakly.
    assert revalidate(client, DAY, f"W/{first['ETag']}").status_code == 304
    assert revalidate(client, DAY, f'"x", {first["ETag"]}').status_code == 304
    assert revalidate(client, DAY, "*").status_code == 304  # any copy of a page that exists


def test_other_preconditions_follow_the_http_rules(client, story):
    etag = client.get(DAY)["ETag"]
    assert client.get(DAY, headers={"if-match": '"other"'}).status_code == 412
    both = {"if-match": etag, "if-none-match": etag}
    assert client.get(DAY, headers=both).status_code == 304


def test_after_an_edit_the_old_etag_gets_the_new_page(client, staff_browser, story):
    etag = client.get(story.get_absolute_url())["ETag"]
    data = {**open_change_form(staff_browser, story), "headline": "Corrected."}
    assert staff_browser.post(change_url(story), data).status_code == 302
    answer = revalidate(client, story.get_absolute_url(), etag)
    assert answer.status_code == 200
    assert b"Corrected." in answer.content
    assert answer["ETag"] != etag
    assert revalidate(client, story.get_absolute_url(), answer["ETag"]).status_code == 304


def test_an_edit_elsewhere_leaves_a_pages_etag_valid(client, story):
    """The tag is a digest of the page: a page rendered again, unchanged, still matches."""
    etag = client.get(story.get_absolute_url())["ETag"]
    EventFactory(date=datetime.date(2013, 1, 1), headline="Another year entirely.")
    bump_public_version()
    assert revalidate(client, story.get_absolute_url(), etag).status_code == 304


def test_a_page_that_no_longer_exists_is_not_a_304(client, story):
    etag = client.get(story.get_absolute_url())["ETag"]
    story.delete()
    assert revalidate(client, story.get_absolute_url(), etag).status_code == 404


def test_staff_and_missing_pages_get_no_etag(client, staff_user, story):
    assert "ETag" not in client.get("/news/2012/02/9/")
    client.force_login(staff_user)
    assert "ETag" not in client.get(DAY)
