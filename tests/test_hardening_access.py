"""Access: every admin address sends anyone but staff to the sign-in page and changes nothing;
sign-in attempts are rate-limited (django-axes) with a clear lockout page."""

import datetime
import re

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset as reset_lockouts
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver
from django.utils import timezone
from taggit.models import Tag

from events.editorial import revisions
from events.models import Event, Redirect, Topic
from newsroom.client_ip import behind_load_balancer
from sources.models import Source
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "Correct-Horse-9"
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")
LOCKED = "Sign-in is locked: too many failed attempts"


@pytest.fixture(autouse=True)
def no_lockouts_either_side():
    """Failed sign-ins of one test never lock out another."""
    reset_lockouts()
    yield
    reset_lockouts()


def sign_in(client: Client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


# --- every admin address, with real objects behind it ---------------------------------------


def admin_routes(patterns=None, prefix=""):
    """(route, name) of every admin URL pattern, nested ones with their prefix."""
    for pattern in admin.site.get_urls() if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from admin_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name


@pytest.fixture
def one_of_everything(django_user_model, staff_user):
    """A row of every model the admin manages, and a revision and sign-in records."""
    event = EventFactory(topics=["Chongqing"])
    revisions.record(event, comment="first")
    SourceFactory(event=event)
    Redirect.objects.create(old_path="/old/", event=event)
    Tag.objects.create(name="A taggit tag", slug="a-taggit-tag")
    Group.objects.create(name="Readers")
    django_user_model.objects.create_user(username="reader", password=PASSWORD)
    seen = {"ip_address": "203.0.113.7", "user_agent": "test", "http_accept": "*/*"}
    AccessAttempt.objects.create(username="x", path_info=LOGIN, failures_since_start=1, **seen)
    AccessFailureLog.objects.create(username="x", path_info=LOGIN, **seen)
    AccessLog.objects.create(username="reader", path_info=LOGIN, **seen)
    return event


def value_for(parameter: str, model, event: Event) -> str:
    if parameter == "object_id" or parameter == "id":
        return str(model.objects.order_by("pk").first().pk)
    if parameter == "revision_id":
        return str(revisions.versions_of(event).first().revision_id)
    if parameter == "content_type_id":
        return str(ContentType.objects.get_for_model(Event).pk)
    if parameter == "app_label":
        return "events"
    if parameter == "url":
        return "no-such-page/"
    if parameter in ("year", "month", "day"):
        return str(getattr(event.date, parameter))
    if parameter in ("first", "second"):  # a possible duplicate pair: the event and another
        return str(event.pk if parameter == "first" else event.pk + 1)
    raise AssertionError(f"no value for the admin URL parameter {parameter!r}")


def admin_paths(event: Event) -> list[str]:
    """Every admin address, each parameter filled with a real object's id."""
    paths = []
    for route, _name in admin_routes():
        route = route.lstrip("^").rstrip("$")
        model = None
        if match := re.match(r"(\w+)/(\w+)/", route):
            try:
                model = apps.get_model(match[1], match[2])
            except LookupError:
                model = None
        if route.startswith("r/"):
            model = Event
        path = CONVERTER.sub(
            lambda m, model=model: value_for(m[1] or m[2], model, event), route.replace("\\", "")
        )
        paths.append("/admin/" + path)
    assert len(paths) > 60  # the enumeration found the model admins' own addresses
    return sorted(set(paths))


def landing(client: Client, method: str, path: str):
    response = getattr(client, method)(path, follow=True)
    chain = [url for url, _status in response.redirect_chain]
    return response, chain


def database_rows() -> dict[str, int]:
    models = (Event, Source, Topic, Redirect, Tag, Group)
    return {model.__name__: model.objects.count() for model in models}


def test_every_admin_address_sends_anyone_but_staff_to_sign_in(
    one_of_everything, django_user_model
):
    reader = Client()
    reader.force_login(django_user_model.objects.get(username="reader"))
    before = database_rows()
    wrong = []
    for path in admin_paths(one_of_everything):
        for who, client in (("anonymous", Client()), ("non-staff", reader)):
            for method in ("get", "post"):
                response, chain = landing(client, method, path)
                if path == LOGIN:
                    ok = response.status_code == 200 and not chain
                else:
                    ok = (
                        bool(chain)
                        and chain[-1].startswith(LOGIN)
                        and response.status_code == 200
                        and response.resolver_match.url_name == "login"
                    )
                if not ok:
                    wrong.append(f"{who} {method.upper()} {path}: {response.status_code} {chain}")
    assert wrong == []
    assert database_rows() == before


def test_signed_in_non_staff_are_told_they_may_not_use_the_admin(django_user_model):
    reader = Client()
    reader.force_login(django_user_model.objects.create_user(username="reader", password=PASSWORD))
    body = reader.get("/admin/events/event/", follow=True).content.decode()
    assert "You are authenticated as reader, but are not authorized to access this page" in body
    assert "Editorial desk" not in body


# --- sign-in rate limit -------------------------------------------------------------------


@pytest.fixture
def editor_account(django_user_model):
    return django_user_model.objects.create_user(username="ed", password=PASSWORD, is_staff=True)


def test_five_wrong_passwords_lock_the_sign_in_with_a_clear_page(editor_account):
    client = Client()
    for _ in range(4):
        response = sign_in(client, "ed", "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    locked = sign_in(client, "ed", "wrong")
    assert locked.status_code == 429
    body = locked.content.decode()
    assert LOCKED in body and "for “ed” from this address" in body
    assert "Try again in 60 minutes." in body
    # Locked means locked: the right password does not get in either, for an hour.
    assert sign_in(client, "ed", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_lifts_after_an_hour(editor_account):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            sign_in(Client(), "ed", "wrong")
        assert sign_in(Client(), "ed", PASSWORD).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        assert sign_in(Client(), "ed", PASSWORD).status_code == 302


def test_a_lockout_holds_one_username_from_one_address_only(editor_account, django_user_model):
    django_user_model.objects.create_user(username="al", password=PASSWORD, is_staff=True)
    for _ in range(5):
        sign_in(Client(), "ed", "wrong", address="203.0.113.7")
    assert sign_in(Client(), "ed", PASSWORD, address="203.0.113.7").status_code == 429
    # Nobody can lock an editor out from elsewhere, nor others out from that address.
    assert sign_in(Client(), "ed", PASSWORD, address="198.51.100.4").status_code == 302
    assert sign_in(Client(), "al", PASSWORD, address="203.0.113.7").status_code == 302


def test_a_correct_sign_in_clears_the_count(editor_account):
    for _ in range(4):
        sign_in(Client(), "ed", "wrong")
    assert sign_in(Client(), "ed", PASSWORD).status_code == 302
    for _ in range(4):
        sign_in(Client(), "ed", "wrong")
    assert sign_in(Client(), "ed", PASSWORD).status_code == 302


def test_behind_trusted_proxies_the_address_is_the_one_they_saw(settings):
    """AXES_CLIENT_IP_CALLABLE: behind Varnish and a load balancer, the reader's address is the
    last X-Forwarded-For entry no trusted proxy added; a forged entry changes nothing."""
    settings.NEWSROOM_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    factory = RequestFactory()
    # Varnish (127.0.0.1) passes on what the load balancer (10.0.0.2) saw: 203.0.113.7.
    forged = factory.post(
        LOGIN, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7, 10.0.0.2", REMOTE_ADDR="127.0.0.1"
    )
    assert behind_load_balancer(forged) == "203.0.113.7"
    direct = factory.post(LOGIN, REMOTE_ADDR="203.0.113.9")
    assert behind_load_balancer(direct) == "203.0.113.9"


def test_an_untrusted_sender_cannot_choose_its_address(settings):
    settings.NEWSROOM_TRUSTED_PROXIES = ["127.0.0.1"]
    request = RequestFactory().post(
        LOGIN, HTTP_X_FORWARDED_FOR="198.51.100.1", REMOTE_ADDR="203.0.113.9"
    )
    assert behind_load_balancer(request) == "203.0.113.9"


def test_a_direct_client_rotating_x_forwarded_for_is_locked_out_all_the_same(editor_account):
    """Reaching gunicorn directly, a guesser cannot pose as many readers: its forged
    X-Forwarded-For is not believed, so its failures count against its own address."""
    for attempt in range(5):
        Client().post(
            LOGIN,
            {"username": "ed", "password": "wrong", "next": "/admin/"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
        )
    locked = Client().post(
        LOGIN,
        {"username": "ed", "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert locked.status_code == 429


# --- drafts on public surfaces ------------------------------------------------------------

SECRET = "Secret merger of two ministries"
SECRET_TOPIC = "Secret topic"


@pytest.fixture
def public_and_hidden():
    """A public event whose later story, related link and a topic exist only as drafts,
    plus an event scheduled for tomorrow: neither may show anywhere public."""
    march_1, march_9 = datetime.date(2012, 3, 1), datetime.date(2012, 3, 9)
    public = EventFactory(
        date=march_1, headline="A public event.", slug="public", topics=["Shared"]
    )
    SourceFactory(event=public, name="Public outlet")
    draft = EventFactory(
        date=march_9,
        headline=f"{SECRET}.",
        slug="secret-merger",
        status=Event.Status.DRAFT,
        topics=["Shared", SECRET_TOPIC],
    )
    SourceFactory(event=draft, name="Secret outlet")
    scheduled = EventFactory(
        date=march_1,
        headline=f"{SECRET}, scheduled.",
        slug="secret-scheduled",
        status=Event.Status.SCHEDULED,
        publish_at=timezone.now() + datetime.timedelta(days=1),
        topics=["Shared", SECRET_TOPIC],
    )
    # A link to the draft, as an editor makes it: its headline copied from the draft.
    related = public.related_links.create(position=0, target=draft, target_path="")
    related.full_clean()
    related.save()
    Redirect.objects.create(old_path="/news/2012/03/9/old-secret/", event=draft)
    return public, draft, scheduled


PUBLIC_SURFACES = [
    "/",
    "/news/2012/",
    "/news/2012/03/",
    "/news/2012/03/1/",
    "/news/2012/03/1/public/",
    "/topics/",
    "/topics/shared/",
    "/topics/shared/feed/",
    "/feeds/latest/",
    "/sitemap.xml",
    "/sitemap-events.xml",
    "/sitemap-days.xml",
    "/search/?q=secret",
    "/search/?q=merger+ministries",
    "/search/?outlet=Secret",
    "/search/?topic=shared",
    "/search/?date=2012-03-09",
]


def test_no_public_surface_shows_a_draft_or_a_scheduled_event(client, public_and_hidden):
    for url in PUBLIC_SURFACES:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for hidden in (SECRET, "secret-merger", "secret-scheduled", SECRET_TOPIC, "Secret outlet"):
            assert hidden not in body, f"{hidden!r} on {url}"


def test_counts_leave_drafts_and_scheduled_events_out(client, public_and_hidden):
    assert client.get("/news/2012/03/").context["total"] == 1
    assert [p.count for p in client.get("/news/2012/").context["date_list"]] == [1]
    assert [day.count for day in client.get("/").context["days"]] == [1]
    topics = client.get("/topics/").context["topics"]
    assert [(topic.name, topic.count) for topic in topics] == [("Shared", 1)]
    assert "1 event." in client.get("/news/2012/03/1/").content.decode()


def test_the_event_page_lists_no_hidden_event_as_related_or_next(client, public_and_hidden):
    response = client.get("/news/2012/03/1/public/")
    assert response.context["related_links"] == []
    assert response.context["next_events"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/news/2012/03/9/secret-merger/",
        "/news/2012/03/9/secret-merger.md",
        "/news/2012/03/1/secret-scheduled/",
        "/news/2012/03/9/",
        "/news/2012/03/9/index.md",
        "/news/2012/03/9/old-secret/",  # a redirect to a draft is no redirect
        "/topics/secret-topic/",
        "/topics/secret-topic/feed/",
    ],
)
def test_hidden_addresses_are_not_found(client, public_and_hidden, url):
    assert client.get(url).status_code == 404


def test_search_does_not_confirm_that_a_hidden_topic_exists(client, public_and_hidden):
    hidden = client.get("/search/", {"topic": SECRET_TOPIC})
    unknown = client.get("/search/", {"topic": "No such topic at all"})
    assert hidden.status_code == unknown.status_code == 400
    assert f"No topic is called “{SECRET_TOPIC}”." in hidden.content.decode()
