"""Previewing a draft needs the admin's right to view events, not merely a staff account.

A staff account holding no permission (`nobody`) is refused by every changelist; it must not
read a draft another way: at the draft's public address, through Django's "view on site"
shortcut (`/admin/r/<content type>/<id>/`, whose redirect names the address), or anywhere
else in the admin.
"""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from events.models import Event, Topic
from tests.factories import EventFactory
from tests.test_hardening_access import admin_paths, landing, one_of_everything  # noqa: F401

pytestmark = pytest.mark.django_db

SECRET = "Secret merger of two ministries"
SECRET_SLUG = "secret-merger-of-two-ministries"
SECRET_TOPIC = "Secret ministry merger"


@pytest.fixture
def draft():
    return EventFactory(
        headline=f"{SECRET}.", slug=SECRET_SLUG, status=Event.Status.DRAFT, topics=[SECRET_TOPIC]
    )


def staff_client(django_user_model, username, *permissions) -> Client:
    user = django_user_model.objects.create_user(username=username, is_staff=True)
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def nobody(django_user_model):
    return staff_client(django_user_model, "nobody")


def shortcut_to(obj) -> str:
    return f"/admin/r/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/"


def test_staff_without_the_view_permission_get_the_draft_page_as_the_public_does(nobody, draft):
    response = nobody.get(draft.get_absolute_url())
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_the_view_on_site_shortcut_tells_staff_without_permission_nothing(nobody, draft):
    for obj in (draft, Topic.objects.get(name=SECRET_TOPIC)):
        response = nobody.get(shortcut_to(obj))
        assert response.status_code == 403, obj
        assert "Location" not in response
        assert SECRET_SLUG not in response.content.decode()


def test_the_admin_autocompletes_no_draft_to_staff_without_permission(nobody, draft):
    query = {"app_label": "events", "model_name": "related", "field_name": "target"}
    response = nobody.get("/admin/autocomplete/", {**query, "term": "Secret"})
    assert response.status_code == 403
    assert SECRET not in response.content.decode()
    response = nobody.get("/admin/events/topic/autocomplete/", {"term": "Secret"})
    assert response.status_code == 403


def test_an_unknown_content_type_is_not_found_for_anyone(admin_client):
    assert admin_client.get("/admin/r/999999/1/").status_code == 404


@pytest.mark.parametrize("permission", ["view_event", "change_event"])
def test_the_view_permission_lets_staff_preview_and_use_the_shortcut(
    django_user_model, draft, permission
):
    viewer = staff_client(django_user_model, "viewer", permission)
    response = viewer.get(shortcut_to(draft), follow=True)
    assert response.redirect_chain[-1][0].endswith(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft - not public." in response.content.decode()


def test_the_shortcut_to_a_topic_needs_the_view_permission_on_topics(django_user_model, draft):
    topic = Topic.objects.get(name=SECRET_TOPIC)
    topics_only = staff_client(django_user_model, "topics", "view_topic")
    assert topics_only.get(shortcut_to(topic))["Location"].endswith(f"/topics/{topic.slug}/")
    assert topics_only.get(shortcut_to(draft)).status_code == 403
    assert topics_only.get(draft.get_absolute_url()).status_code == 404


def test_editors_and_superusers_preview_drafts(editor_client, admin_client, draft):
    for client in (editor_client, admin_client):
        assert SECRET in client.get(draft.get_absolute_url()).content.decode()


@pytest.fixture
def everything_as_a_draft(request):
    """A row of every model the admin manages (tests.test_hardening_access), its event a draft."""
    event = request.getfixturevalue("one_of_everything")
    event.status = Event.Status.DRAFT
    event.save()
    return event


def test_no_admin_address_shows_a_draft_to_staff_without_permissions(nobody, everything_as_a_draft):
    draft = everything_as_a_draft
    secrets = (draft.headline, draft.slug)
    leaks = []
    for path in admin_paths(draft):
        response, chain = landing(nobody, "get", path)
        seen = " ".join([response.content.decode(errors="replace"), *chain])
        if any(secret in seen for secret in secrets):
            leaks.append(f"{path}: {response.status_code} {chain}")
    assert leaks == []
