"""The archive's old addresses lead to the new pages with permanent redirects."""

import datetime

import pytest

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

SLUG = "wang-lijun-goes-to-the-consulate"


@pytest.fixture
def event():
    return EventFactory(date=datetime.date(2012, 2, 8), slug=SLUG)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/news/2012/02/8/index.md", "/news/2012/02/8/"),
        (f"/news/2012/02/8/{SLUG}.md", f"/news/2012/02/8/{SLUG}/"),
        ("/news/2012/02/08/", "/news/2012/02/8/"),
        (f"/news/2012/02/08/{SLUG}/", f"/news/2012/02/8/{SLUG}/"),
    ],
)
def test_old_addresses_redirect_permanently(client, event, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(new).status_code == 200


def test_the_redirect_uses_the_events_own_address(client, event):
    response = client.get(event.legacy_path)
    assert response.status_code == 301
    assert response["Location"] == event.get_absolute_url()


@pytest.mark.parametrize(
    "old",
    [
        "/news/2012/02/8/no-such-event.md",
        "/news/2012/02/9/index.md",  # a day without events
        f"/news/2012/02/9/{SLUG}.md",  # right slug, wrong day
        "/news/2012/02/30/index.md",  # no such date
    ],
)
def test_unknown_old_addresses_are_404(client, event, old):
    assert client.get(old).status_code == 404


def test_slug_with_dots_redirects_to_its_page(client):
    odd = EventFactory(date=datetime.date(2016, 11, 2), slug="u.s.-elections")
    response = client.get("/news/2016/11/2/u.s.-elections.md")
    assert response.status_code == 301
    assert response["Location"] == odd.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200
