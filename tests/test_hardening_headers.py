"""Security headers on public and admin responses, under production's settings too; and
`manage.py check --deploy` has nothing to report for production."""

import datetime
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.factories import event_with_details

pytestmark = pytest.mark.django_db

# Production's security settings, read from newsroom/settings/prod.py itself.
PROD_SECURITY_SETTINGS = (
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
)
POLICY = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """The production settings module's values, loaded as a server with its environment would."""
    environment = {"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "testserver"}
    saved = {name: os.environ.get(name) for name in environment}
    os.environ.update(environment)
    try:
        prod = importlib.import_module("newsroom.settings.prod")
        return {name: getattr(prod, name) for name in PROD_SECURITY_SETTINGS}
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture
def pages():
    event = event_with_details(datetime.date(2012, 2, 8))
    return {
        "home": "/",
        "event": event.get_absolute_url(),
        "topic": "/topics/chongqing/",
        "search": "/search/?q=event",
        "feed": "/feeds/latest/",
        "sitemap": "/sitemap.xml",
        "admin sign-in": "/admin/login/",
    }


def check_headers(response, where: str) -> None:
    policy = response.headers.get("Content-Security-Policy", "")
    for directive in POLICY:
        assert directive in policy, f"{where}: {directive!r} missing from {policy!r}"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff", where
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", where
    assert response.headers["X-Frame-Options"] == "DENY", where
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin", where


def test_public_and_admin_responses_carry_the_security_headers(admin_client, pages):
    client = Client()  # a reader: admin_client is the same client, signed in
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        check_headers(response, name)
        check_headers(client.get(url), f"{name}, again (from the page cache)")
    for url in ("/admin/", "/admin/events/event/", "/admin/events/event/add/"):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        check_headers(response, url)
        assert "Strict-Transport-Security" not in response.headers  # not over plain HTTP


def test_production_adds_hsts_and_secure_cookies_over_https(client, pages, production):
    https = {"HTTP_X_FORWARDED_PROTO": "https"}
    with override_settings(**production):
        assert client.get(pages["home"]).status_code == 301  # plain HTTP goes to HTTPS
        assert client.get("/healthz").status_code in (200, 503)  # the balancer's probe stays
        for name, url in pages.items():
            response = client.get(url, **https)
            assert response.status_code == 200, name
            check_headers(response, name)
            assert (
                response.headers["Strict-Transport-Security"]
                == "max-age=31536000; includeSubDomains; preload"
            )
        sign_in = client.get(pages["admin sign-in"], **https)
        assert sign_in.cookies["csrftoken"]["secure"]


def test_check_deploy_reports_nothing_under_production_settings():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(settings.BASE_DIR),
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "newsroom.settings.prod",
            "DJANGO_SECRET_KEY": "a-long-random-secret-for-the-check-" * 2,
            "DJANGO_ALLOWED_HOSTS": "newsroom.example",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
