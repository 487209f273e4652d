"""Addresses, slugs and sizes: a NUL or invalid bytes anywhere in an address, a parameter or
a cookie answer 404 or 400 on both databases; slugs typed in the CMS keep to the archive's
rule for addresses. Page sizes: test_hardening_page_sizes.py."""

import datetime

import pytest
from django.urls import reverse

from events.models import Event, Redirect, Topic
from tests.admin_forms import event_form
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2012, 2, 8)

# Every kind of public address that looks something up by a part of its path.
PATHS = [
    "/%00",
    "/news/2012/02/8/a%00b/",
    "/news/2012/02/8/a%00b.md",
    "/news/2012/02/08/a%00b/",
    "/topics/a%00b/",
    "/topics/a%00b/feed/",
    "/outlets/a%00b/",
    "/outlets/bbc.co.uk%00/",
    "/admin/events/event/1%00/change/",
    "/topics/%FF%FE/",
    "/news/2012/02/8/%C0%AF.md",
    "/news/2012/02/8/%ED%A0%80/",
    "/topics/%ED%A0%80/feed/",
]
PARAMETERS = [
    {"q": "a\x00b"},
    {"topic": "a\x00b"},
    {"outlet": "a\x00b"},
    {"date": "2012\x00"},
    {"page": "1\x00"},
    {"a\x00b": "1"},
]
INVALID_QUERY_STRINGS = ["q=%FF%FE", "topic=%C0%AF", "outlet=%ED%A0%80", "page=%FF"]


@pytest.fixture
def site():
    """A public event with a topic, and a topic redirect: the fallback looks redirects up."""
    event = EventFactory(date=DAY, slug="a", topics=["Chongqing"])
    Redirect.objects.create(old_path="/topics/old/", topic=Topic.objects.get())
    return event


@pytest.mark.parametrize("path", PATHS)
def test_a_nul_or_invalid_bytes_in_a_path_is_not_found(client, site, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", PATHS)
def test_the_same_for_staff(admin_client, site, path):
    assert admin_client.get(path).status_code == 404


@pytest.mark.parametrize("params", PARAMETERS)
@pytest.mark.parametrize("page", ["events:search", "events:home", "events:topics"])
def test_a_nul_in_a_parameter_is_a_bad_request(client, site, page, params):
    assert client.get(reverse(page), params).status_code == 400


@pytest.mark.parametrize("query", INVALID_QUERY_STRINGS)
def test_invalid_bytes_in_a_parameter_are_harmless(client, site, query):
    assert client.get(f"{reverse('events:search')}?{query}").status_code in (200, 400)


def test_a_nul_in_a_cookie_is_a_bad_request(client, site):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get(site.get_absolute_url()).status_code == 400


def test_a_nul_in_the_sign_in_form_is_refused_not_a_server_error(client, site):
    response = client.post(reverse("admin:login"), {"username": "a\x00b", "password": "x"})
    assert response.status_code in (200, 400, 403)


# --- slugs typed in the CMS --------------------------------------------------------------------

BAD_SLUGS = {
    "a/b": "/",
    ".": "no address",
    "..": "no address",
    "a\nb": "U+000A",
    "a\tb": "U+0009",
    "a\u2028b": "U+2028",
    "a b": "U+0020",
    "a(b)": "'('",
}


@pytest.mark.parametrize("slug", BAD_SLUGS)
def test_the_cms_refuses_a_slug_that_makes_no_address(admin_client, slug):
    response = admin_client.post(reverse("admin:events_event_add"), event_form(slug=slug))
    assert response.status_code == 200  # the form again, with the error
    errors = response.context["adminform"].form.errors["slug"]
    assert "This slug" in errors[0] and BAD_SLUGS[slug] in errors[0]
    assert not Event.objects.exists()


@pytest.mark.parametrize("slug", BAD_SLUGS)
def test_the_model_refuses_it_too(slug):
    event = Event(date=DAY, headline="Something happens.", slug=slug)
    with pytest.raises(Exception, match="This slug") as refused:
        event.full_clean()
    assert "slug" in refused.value.message_dict


def test_a_good_typed_slug_is_kept(admin_client):
    response = admin_client.post(reverse("admin:events_event_add"), event_form(slug="a-b_c.d"))
    assert response.status_code == 302
    assert Event.objects.get().slug == "a-b_c.d"
