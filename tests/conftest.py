"""Shared fixtures: an admin user and a logged-in admin client; an editor and their client."""

import importlib
import os

import pytest
from django.apps import apps
from django.template.backends import jinja2 as jinja2_backend
from django.test import Client
from django.test.signals import template_rendered
from hypothesis import settings

from tests.purge_receiver import purge_receiver

# Hypothesis profiles: "ci" (the default; the same cases every run, so a failure is
# reproducible) and "stress" (`make stress`: 20 times the cases, new ones each run).
# Tests that fuzz scale their case counts from the profile's max_examples.
settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True)
settings.register_profile("stress", max_examples=2000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True, scope="session")
def jinja2_templates_report_their_context():
    """`response.context` for the Jinja2 pages too: Django's test setup instruments its own
    engine's templates only, so the Jinja2 backend's announce their renders the same way."""
    original = jinja2_backend.Template.render

    def render(self, context=None, request=None):
        rendered = original(self, context, request)
        # `original` added the request and context processors' values to the dict it was given.
        template_rendered.send(sender=self, template=self, context=context or {})
        return rendered

    jinja2_backend.Template.render = render
    yield
    jinja2_backend.Template.render = original


@pytest.fixture
def front(settings):
    """A real local HTTP server standing in for the front cache: the purges writes send
    (`front.keys`, `front.forget()`; tests/purge_receiver.py)."""
    with purge_receiver() as receiver:
        settings.NEWSROOM_PURGE_URLS = [receiver.url]
        yield receiver


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_superuser(username="editor", password="pw-editor-1")


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def editors_group(db):
    """The Editors group as its migration makes it; made again if a flush removed it."""
    migration = importlib.import_module("events.migrations.0003_editors_group")
    return migration.ensure_editors_group(apps, "default")


@pytest.fixture
def editor(django_user_model, editors_group):
    user = django_user_model.objects.create_user(
        username="eve", password="pw-eve-editor-1", is_staff=True
    )
    user.groups.add(editors_group)
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def staff_browser(staff_user):
    """A logged-in admin in a browser of its own, beside the anonymous reader's `client`."""
    browser = Client()
    browser.force_login(staff_user)
    return browser


# A real Varnish in front of the live server, for the tests marked `varnish` (tests/varnish.py).
# A real local HTTP server with the pages the fetcher must cope with (tests/page_server.py).
from tests.page_server import page_server  # noqa: E402, F401
from tests.varnish import varnish, varnish_server  # noqa: E402, F401
