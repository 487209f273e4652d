"""Roles: the Editors group curates and publishes but manages no users or settings; editor
accounts come from `create_editor`; everything under /admin/ needs a staff login."""

import io

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

EDITOR_PERMISSIONS = {
    "events.add_event",
    "events.change_event",
    "events.view_event",
    "events.publish_event",
    "events.add_topic",
    "events.change_topic",
    "events.view_topic",
    "events.add_related",
    "events.change_related",
    "events.delete_related",
    "events.view_related",
    "events.view_redirect",
    "sources.add_source",
    "sources.change_source",
    "sources.delete_source",
    "sources.view_source",
}


def test_the_migration_gives_editors_exactly_their_permissions(editors_group):
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in editors_group.permissions.select_related("content_type")
    }
    assert granted == EDITOR_PERMISSIONS


def test_editors_curate_but_manage_no_users_groups_or_deletions(editor_client):
    event = EventFactory()
    for allowed in (
        reverse("admin:index"),
        reverse("admin:events_event_add"),
        reverse("admin:events_event_change", args=[event.pk]),
        reverse("admin:events_topic_changelist"),
        reverse("admin:sources_source_add"),
    ):
        assert editor_client.get(allowed).status_code == 200, allowed
    for refused in (
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_group_changelist"),
        reverse("admin:events_event_delete", args=[event.pk]),
    ):
        assert editor_client.get(refused).status_code == 403, refused
    assert Event.objects.filter(pk=event.pk).exists()


def test_view_only_staff_get_a_read_only_page_without_workflow_buttons(client, django_user_model):
    viewer = django_user_model.objects.create_user(username="vic", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(viewer)
    event = EventFactory(topics=["Chongqing"])
    EventFactory(topics=["Chongqing"])
    body = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert "Suggested related events" in body
    assert "Add as related" not in body
    assert "opened_version" not in body
    assert 'name="_save"' not in body


@pytest.fixture
def admin_urls():
    event = EventFactory()
    return [
        reverse("admin:index"),
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_change", args=[event.pk]),
        reverse("admin:events_event_history", args=[event.pk]),
        reverse("admin:events_event_compare", args=[event.pk]) + "?old=1",
        reverse("admin:events_topic_changelist"),
        reverse("admin:events_redirect_changelist"),
    ]


def test_anonymous_and_non_staff_are_sent_to_the_login(client, django_user_model, admin_urls):
    reader = django_user_model.objects.create_user(username="reader", password="pw-reader-1")
    signed_in = Client()
    signed_in.force_login(reader)
    for visitor in (client, signed_in):
        for url in admin_urls:
            response = visitor.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("admin:login")), url


def test_anonymous_posts_to_workflow_views_change_nothing(client):
    event = EventFactory(headline="Untouched.")
    target = EventFactory()
    for url, data in (
        (reverse("admin:events_event_restore", args=[event.pk, 1]), {}),
        (reverse("admin:events_event_add_related", args=[event.pk]), {"target": target.pk}),
    ):
        response = client.post(url, data)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert not event.related_links.exists()


def run_create_editor(*args, stdin=None):
    out = io.StringIO()
    call_command("create_editor", *args, stdout=out, stderr=io.StringIO(), stdin=stdin)
    return out.getvalue()


def test_without_a_terminal_the_password_is_generated_and_shown_once(
    editors_group, django_user_model
):
    output = run_create_editor("nina", "--email", "nina@example.org", stdin=io.StringIO())
    password = output.split("Password (shown only this once): ")[1].strip()
    assert len(password) >= 16
    user = django_user_model.objects.get(username="nina")
    assert (user.is_staff, user.is_superuser, user.email) == (True, False, "nina@example.org")
    assert list(user.groups.all()) == [editors_group]
    assert authenticate(sign_in_request(), username="nina", password=password) == user
    assert user.has_perm("events.publish_event")


def sign_in_request():
    """authenticate() needs the request: sign-in lockouts (django-axes) go by its address."""
    return RequestFactory().post("/admin/login/")


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_on_a_terminal_the_password_is_asked_twice(editors_group, monkeypatch):
    answers = iter(["first-Secret-9", "other-Secret-9", "Kept-Secret-42", "Kept-Secret-42"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    output = run_create_editor("omar", stdin=Terminal())
    assert "Password" not in output  # a typed password is never printed
    assert authenticate(sign_in_request(), username="omar", password="Kept-Secret-42") is not None


def test_a_weak_password_is_refused_three_times_then_nothing_is_made(
    editors_group, monkeypatch, django_user_model
):
    monkeypatch.setattr("getpass.getpass", lambda prompt: "password")
    with pytest.raises(CommandError, match="No acceptable password"):
        run_create_editor("pat", stdin=Terminal())
    assert not django_user_model.objects.filter(username="pat").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["eve"], "already exists"),
        (["new one!"], "Enter a valid username"),
        (["quinn", "--email", "not-an-address"], "valid email"),
    ],
)
def test_bad_editor_details_are_named(editor, args, message):
    with pytest.raises(CommandError, match=message):
        run_create_editor(*args, "--generate-password")


def test_explicit_generate_password_works_on_a_terminal_too(editors_group):
    output = run_create_editor("rui", "--generate-password", stdin=Terminal())
    assert "Password (shown only this once): " in output
