"""Drafts never reach the public: not on any page, count, feed or sitemap. Staff may preview."""

import datetime

import pytest

from events.models import Event
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db

FEB_8 = datetime.date(2012, 2, 8)
SECRET = "Secret merger of two ministries."


@pytest.fixture
def draft():
    event = EventFactory(
        date=FEB_8,
        headline=SECRET,
        slug="secret-merger",
        status=Event.Status.DRAFT,
        topics=["Secret topic", "Shared"],
    )
    SourceFactory(event=event, name="Secret outlet")
    return event


@pytest.fixture
def published():
    return EventFactory(date=FEB_8, headline="A public event.", topics=["Shared"], position=9)


PUBLIC_URLS = [
    "/",
    "/news/2012/",
    "/news/2012/02/",
    "/news/2012/02/8/",
    "/topics/",
    "/topics/shared/",
    "/search/?q=secret",
    "/search/?q=merger",
    "/search/?outlet=Secret",
    "/feeds/latest/",
    "/topics/shared/feed/",
    "/sitemap-events.xml",
    "/sitemap-days.xml",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_no_public_surface_shows_a_draft(client, draft, published, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert SECRET not in body
    assert "secret-merger" not in body
    assert "Secret topic" not in body


def test_draft_counts_nowhere(client, draft, published):
    month = client.get("/news/2012/02/")
    assert month.context["total"] == 1
    year = client.get("/news/2012/")
    assert [period.count for period in year.context["date_list"]] == [1]
    topics = client.get("/topics/")
    assert [(t.name, t.count) for t in topics.context["topics"]] == [("Shared", 1)]
    assert "1 event." in client.get("/news/2012/02/8/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/news/2012/02/8/secret-merger/",
        "/news/2012/02/8/secret-merger.md",
        "/topics/secret-topic/",
        "/topics/secret-topic/feed/",
        "/news/2012/02/8/",  # a day with only a draft
        "/news/2012/02/8/index.md",
        "/news/2012/02/",
        "/news/2012/",
    ],
)
def test_draft_addresses_are_404_for_the_public(client, draft, url):
    assert client.get(url).status_code == 404


def test_draft_is_404_for_a_logged_in_reader_who_is_not_staff(client, draft, django_user_model):
    reader = django_user_model.objects.create_user(username="reader", password="pw-reader-1")
    client.force_login(reader)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_preview_a_draft_with_a_banner_and_no_caching(admin_client, draft):
    response = admin_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Draft - not public." in body
    assert f"<h1>{SECRET}</h1>" in body
    assert '<meta name="robots" content="noindex">' in body
    cache_control = response["Cache-Control"]
    for directive in ("no-cache", "no-store", "must-revalidate", "private"):
        assert directive in cache_control


def test_staff_see_a_published_event_without_the_banner(admin_client, published):
    response = admin_client.get(published.get_absolute_url())
    assert response.status_code == 200
    assert "Draft - not public" not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")


def test_staff_do_not_see_drafts_on_listings(admin_client, draft, published):
    body = admin_client.get("/news/2012/02/8/").content.decode()
    assert SECRET not in body


def test_publishing_a_draft_makes_it_public(client, draft):
    assert client.get(draft.get_absolute_url()).status_code == 404
    draft.status = Event.Status.PUBLISHED
    draft.save()
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert SECRET in client.get("/news/2012/02/8/").content.decode()
