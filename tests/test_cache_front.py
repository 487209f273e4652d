"""Cached pages are answered in front of Django (newsroom.wsgi), exactly as Django would answer.

Requests go through the WSGI application gunicorn serves; whether Django's request handling
ran at all is seen from its request_started signal.
"""

import datetime

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from newsroom.wsgi import application
from tests.factories import event_with_details

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_backend")]

FEB_8 = datetime.date(2012, 2, 8)


class Answer:
    def __init__(self, status: str, headers: list, body: bytes, django_ran: bool):
        self.status = int(status.split()[0])
        self.headers = dict(headers)
        self.body = body
        self.django_ran = django_ran


def serve(path: str, method: str = "GET", **headers) -> Answer:
    """One request to the WSGI application, as gunicorn makes it."""
    environ = RequestFactory().generic(method, path, headers=headers).environ
    # Building that request decoded the path in place; a server gives it as WSGI does: the
    # URL's bytes, each as one ISO-8859-1 character.
    environ["PATH_INFO"] = environ["PATH_INFO"].encode().decode("iso-8859-1")
    started, given = [], {}

    def count(**kwargs):
        started.append(True)

    def start_response(status, response_headers, exc_info=None):
        given.update(status=status, headers=response_headers)

    # As Django's test client does: the test's transaction must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.connect(count)
    try:
        iterable = application(environ, start_response)
        body = b"".join(iterable)
        if hasattr(iterable, "close"):
            iterable.close()  # as a WSGI server does; Django's response sends request_finished
    finally:
        request_started.disconnect(count)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return Answer(given["status"], given["headers"], body, django_ran=bool(started))


@pytest.fixture
def url():
    event = event_with_details(FEB_8, headline="Wang Lijun visits the consulate.", related=0)
    return event.get_absolute_url()


def test_a_cached_page_is_answered_before_django_exactly_as_django_answered_it(
    url, django_assert_num_queries
):
    rendered = serve(url)
    assert rendered.django_ran
    with django_assert_num_queries(0):
        cached = serve(url)
    assert not cached.django_ran
    assert cached.status == 200
    assert cached.body == rendered.body
    assert b"Wang Lijun visits the consulate." in cached.body
    # Every header Django's middleware gave, security headers and policy included.
    assert cached.headers == rendered.headers
    assert "Content-Security-Policy" in cached.headers
    assert cached.headers["X-Content-Type-Options"] == "nosniff"


def test_a_matching_etag_is_a_304_before_django(url):
    etag = serve(url).headers["ETag"]
    revalidated = serve(url, If_None_Match=etag)
    assert not revalidated.django_ran
    assert revalidated.status == 304
    assert revalidated.body == b""
    assert revalidated.headers["ETag"] == etag
    assert serve(url, If_None_Match='"another"').status == 200


def test_a_head_request_gets_the_headers_without_the_body(url):
    length = serve(url).headers["Content-Length"]
    head = serve(url, method="HEAD")
    assert not head.django_ran
    assert head.status == 200
    assert head.headers["Content-Length"] == length
    assert head.body == b""


def test_what_the_front_must_not_answer_goes_to_django(url, settings):
    serve(url)  # cached now
    signed_in = serve(url, Cookie=f"{settings.SESSION_COOKIE_NAME}=abc")
    assert signed_in.django_ran
    assert "ETag" not in signed_in.headers  # rendered for this visitor, not the cached copy
    etag = serve(url).headers["ETag"]
    precondition = serve(url, If_Match=etag)  # Django's full rules for other preconditions
    assert precondition.django_ran
    assert precondition.status == 200
    assert serve(url, method="POST").django_ran
    assert serve("/search/?q=Wang").django_ran


def test_a_host_django_refuses_is_refused_by_django(url):
    serve(url)
    refused = serve(url, Host="attacker.example")
    assert refused.django_ran
    assert refused.status == 400


def test_an_edit_makes_the_next_request_go_to_django_for_the_new_page(url):
    from events.models import Event

    serve(url)
    event = Event.objects.get()
    event.headline = "Edited in the admin."
    event.save()
    fresh = serve(url)
    assert fresh.django_ran
    assert b"Edited in the admin." in fresh.body
    again = serve(url)
    assert not again.django_ran
    assert b"Edited in the admin." in again.body


def test_other_cookies_are_still_a_reader_but_a_session_among_them_is_not(url, settings):
    serve(url)
    assert not serve(url, Cookie="theme=dark; consent=yes").django_ran
    session = f"theme=dark; {settings.SESSION_COOKIE_NAME}=abc"
    assert serve(url, Cookie=session).django_ran


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/news/2012/02/8/", {}),
        ("/news/2012/02/8/?page=2&x=%C3%A9", {}),
        ("/news/2012/02/8/", {"Host": "localhost:8000"}),
        ("/news/2012/02/8/", {"X-Forwarded-Proto": "https"}),
        ("/topics/z%C3%BCrich/", {}),
        ("/search/?q=x", {}),
        ("/no/such/page/", {}),
    ],
)
def test_the_front_keys_a_page_exactly_as_the_middleware_does(path, headers, settings):
    from events.page_cache import front_page_key, is_public_page, page_key

    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = RequestFactory().get(path, headers=headers)
    expected = page_key(request) if is_public_page(request) else None
    environ = {
        **request.environ,
        "PATH_INFO": request.environ["PATH_INFO"].encode().decode("latin-1"),
    }
    assert front_page_key(environ) == expected
    assert front_page_key(environ) == expected  # remembered, the same


def test_a_page_at_a_non_ascii_address_is_served_and_cached():
    from events.models import Event

    event = event_with_details(FEB_8, headline="Zürich votes.", related=0)
    Event.objects.filter(pk=event.pk).update(slug="zürich-votes-ñ")
    url = Event.objects.get(pk=event.pk).get_absolute_url()
    assert "%C3%BC" in url
    rendered = serve(url)
    assert rendered.status == 200
    assert b"Z\xc3\xbcrich votes." in rendered.body
    cached = serve(url)
    assert not cached.django_ran
    assert cached.body == rendered.body


def test_a_host_remembered_then_refused_by_new_settings_goes_to_django(url, settings):
    settings.ALLOWED_HOSTS = ["testserver", "old.example"]
    serve(url, Host="old.example")
    assert not serve(url, Host="old.example").django_ran
    settings.ALLOWED_HOSTS = ["testserver"]
    refused = serve(url, Host="old.example")
    assert refused.django_ran
    assert refused.status == 400
