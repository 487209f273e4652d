"""What Django tells shared caches, without a front cache: Cache-Control, surrogate keys, ETags
and 304s, lifetimes capped at the next scheduled publish time (events.http_cache.headers)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from events.http_cache import keys
from events.models import Event
from tests.factories import EventFactory, RelatedFactory, event_with_details

pytestmark = pytest.mark.django_db

FEB_8 = datetime.date(2012, 2, 8)
DAY = "/news/2012/02/8/"


def xkeys(response) -> set[str]:
    return set(response["xkey"].split())


def shared_max_age(response) -> int:
    for directive in response["Cache-Control"].split(","):
        name, _, value = directive.strip().partition("=")
        if name == "s-maxage":
            return int(value)
    raise AssertionError(f"no s-maxage in {response['Cache-Control']!r}")


@pytest.fixture
def story():
    return event_with_details(FEB_8, headline="Wang Lijun visits the consulate.", related=0)


def test_a_day_page_names_its_day_and_each_event(client, story, settings):
    other = EventFactory(date=FEB_8, headline="Another event that day.")
    elsewhere = EventFactory(date=datetime.date(2012, 3, 1))
    response = client.get(DAY)
    assert response.status_code == 200
    assert {"site", "d2012-02-08", f"e{story.pk}", f"e{other.pk}"} <= xkeys(response)
    assert f"e{elsewhere.pk}" not in xkeys(response)
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=0" in cache_control
    assert "stale-while-revalidate=" in cache_control
    assert shared_max_age(response) == settings.NEWSROOM_SHARED_MAX_AGE
    assert response["ETag"]


def test_an_event_page_names_what_it_links_to_and_its_topics(client, story):
    later = EventFactory(date=datetime.date(2012, 3, 1), topics=["Chongqing"])
    RelatedFactory(event=story, target=later, target_path=later.legacy_path)
    response = client.get(story.get_absolute_url())
    topic = story.topics.get()
    assert {f"e{story.pk}", f"e{later.pk}", f"t{topic.pk}"} <= xkeys(response)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/", keys.HOME),
        ("/news/2012/", "y2012"),
        ("/news/2012/02/", "m2012-02"),
        ("/topics/", keys.TOPIC_INDEX),
        ("/topics/chongqing/", None),
        ("/feeds/latest/", keys.FEEDS),
        ("/topics/chongqing/feed/", keys.FEEDS),
        ("/sitemap.xml", keys.SITEMAP),
        ("/robots.txt", keys.SITE),
        ("/search/?q=Wang", keys.SEARCH),
        ("/search/?q=wang*+-nothing+or+%22a+phrase%22&topic=chongqing&sort=date", keys.SEARCH),
    ],
)
def test_every_public_page_may_be_kept_by_shared_caches(client, story, url, key):
    response = client.get(url)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert shared_max_age(response) > 0
    expected = key or f"t{story.topics.get().pk}"
    assert expected in xkeys(response)
    assert "site" in xkeys(response)
    assert not response.cookies


def test_a_matching_etag_is_a_304_with_the_same_headers(client, story):
    first = client.get(DAY)
    answer = client.get(DAY, headers={"if-none-match": first["ETag"]})
    assert answer.status_code == 304
    assert answer.content == b""
    assert answer["ETag"] == first["ETag"]
    assert answer["xkey"] == first["xkey"]
    assert answer["Cache-Control"] == first["Cache-Control"]
    assert client.get(DAY, headers={"if-none-match": '"other"'}).status_code == 200


def test_missing_pages_and_redirects_carry_their_own_lifetimes(client, story):
    missing = client.get("/news/2012/02/9/")
    assert missing.status_code == 404
    assert xkeys(missing) == {"site", keys.NOT_FOUND}
    assert 0 < shared_max_age(missing) <= 300
    padded = client.get("/news/2012/02/08/")
    assert padded.status_code == 301
    assert keys.REDIRECTS in xkeys(padded)
    assert "public" in padded["Cache-Control"]


def test_signed_in_readers_and_draft_previews_are_never_shared(client, staff_browser, story):
    signed_in = staff_browser.get(DAY)
    assert "private" in signed_in["Cache-Control"]
    assert "xkey" not in signed_in
    draft = EventFactory(date=FEB_8, status=Event.Status.DRAFT, headline="A draft.")
    preview = staff_browser.get(draft.get_absolute_url())
    assert preview.status_code == 200
    assert "private" in preview["Cache-Control"] and "no-store" in preview["Cache-Control"]
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_admin_and_health_are_never_shared(admin_client, client):
    assert "private" in admin_client.get("/admin/")["Cache-Control"]
    assert "no-store" in client.get("/healthz")["Cache-Control"]


def test_no_page_is_kept_past_the_next_scheduled_publish_time(client, story):
    with time_machine.travel(datetime.datetime(2030, 6, 1, 12, 0, tzinfo=datetime.UTC), tick=False):
        EventFactory(
            date=FEB_8,
            status=Event.Status.SCHEDULED,
            publish_at=timezone.now() + datetime.timedelta(minutes=10),
            headline="Scheduled for later.",
        )
        assert shared_max_age(client.get(DAY)) == 600
        assert shared_max_age(client.get("/topics/")) == 600
    with time_machine.travel(datetime.datetime(2030, 6, 1, 12, 9, 30, tzinfo=datetime.UTC)):
        assert shared_max_age(client.get(DAY)) <= 30
    with time_machine.travel(datetime.datetime(2030, 6, 1, 12, 11, tzinfo=datetime.UTC)):
        response = client.get(DAY)
        assert b"Scheduled for later." in response.content
        assert shared_max_age(response) > 600  # nothing more is scheduled


def test_a_page_showing_too_many_events_names_its_day_instead():
    """Varnish refuses response headers over 8 KB: past a few hundred events, the day's key.
    No page lists that many today (200 at most: test_hardening_page_sizes.py); kept for any
    page that would."""
    count = keys.MOST_EVENT_KEYS_PER_PAGE + 1
    events = [Event(pk=n + 1, date=FEB_8) for n in range(count)]
    assert keys.day_page(FEB_8, events) == ["d2012-02-08"]
    assert len(keys.day_page(FEB_8, events[:200])) == 201
