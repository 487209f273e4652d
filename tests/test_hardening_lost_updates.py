"""Lost updates: every admin page that changes public data refuses a save based on a page
opened before someone else changed the same thing, with the event form's words, and saves
nothing; a page added later is held to the same rule."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from events.admin.stale_saves import RefusesStaleSaves
from events.models import Event, Topic
from sources.models import Source
from tests.admin_forms import change_url, form_data, open_change_form
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db
PUBLIC_DATA_APPS = ("events", "sources")


@pytest.fixture
def second_editor(django_user_model, editors_group):
    user = django_user_model.objects.create_user(username="sam", password="pw", is_staff=True)
    user.groups.add(editors_group)
    client = Client()
    client.force_login(user)
    return client


def admin_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def open_page(client, obj) -> dict:
    response = client.get(admin_url(obj))
    assert response.status_code == 200
    return form_data(response.content.decode(), f"{obj._meta.model_name}_form")


def refusal(response) -> list[str]:
    assert response.status_code == 200, "saved although stale"
    return response.context["adminform"].form.non_field_errors()


def test_a_source_page_opened_before_an_inline_rename_refuses_to_put_the_old_name_back(
    editor_client, second_editor
):
    event = EventFactory()
    source = SourceFactory(event=event, position=0, name="BBC")
    stale = open_page(editor_client, source)
    # Meanwhile the second editor renames it through the event's inline.
    through_event = open_change_form(second_editor, event)
    through_event["sources-0-name"] = "BBC News"
    assert second_editor.post(change_url(event), through_event).status_code == 302
    stale["url"] = "https://www.bbc.co.uk/news/other"
    errors = refusal(editor_client.post(admin_url(source), stale))
    assert errors[0].startswith("Not saved: someone else saved this source, after you opened it.")
    assert "reload the page" in errors[0]
    source.refresh_from_db()
    assert (source.name, source.url) != ("BBC", "https://www.bbc.co.uk/news/other")
    assert source.name == "BBC News"


def test_a_source_page_saves_when_nothing_changed_meanwhile(editor_client):
    source = SourceFactory(name="BBC")
    page = open_page(editor_client, source)
    page["name"] = "BBC World"
    assert editor_client.post(admin_url(source), page).status_code == 302
    assert Source.objects.get(pk=source.pk).name == "BBC World"


def test_a_topic_page_opened_before_a_rename_refuses_a_stale_rename(editor_client, second_editor):
    topic = EventFactory(topics=["Chongqing"]).topics.get()
    stale = open_page(editor_client, topic)
    fresh = open_page(second_editor, topic)
    fresh["name"] = "Chongqing Municipality"
    assert second_editor.post(admin_url(topic), fresh).status_code == 302
    stale["name"] = "Chong-qing"
    errors = refusal(editor_client.post(admin_url(topic), stale))
    assert errors[0].startswith("Not saved: someone else saved this topic")
    assert Topic.objects.get(pk=topic.pk).name == "Chongqing Municipality"


def test_an_event_page_opened_before_its_topic_was_renamed_keeps_the_new_name(
    editor_client, second_editor
):
    event = EventFactory(topics=["Chongqing"])
    stale = open_change_form(editor_client, event)
    topic = event.topics.get()
    fresh = open_page(second_editor, topic)
    fresh["name"] = "Chongqing Municipality"
    assert second_editor.post(admin_url(topic), fresh).status_code == 302
    stale["headline"] = "A new headline."
    errors = refusal(editor_client.post(change_url(event), stale))
    assert errors[0].startswith("Not saved: ")
    assert list(Event.objects.get(pk=event.pk).topics.names()) == ["Chongqing Municipality"]


def test_a_form_without_the_opened_state_is_refused(editor_client):
    source = SourceFactory(name="BBC")
    page = open_page(editor_client, source)
    del page["opened_state"]
    page["name"] = "Changed"
    errors = refusal(editor_client.post(admin_url(source), page))
    assert "Reload the page" in errors[0]


def test_every_admin_page_that_changes_public_data_refuses_stale_saves(rf, admin_user):
    """A page added later without the guard fails here."""
    request = rf.get("/")
    request.user = admin_user
    checked = []
    for app in PUBLIC_DATA_APPS:
        for model in apps.get_app_config(app).get_models():
            if not admin.site.is_registered(model):
                continue
            model_admin = admin.site.get_model_admin(model)
            if not model_admin.has_change_permission(request):
                continue  # read-only pages save nothing
            assert isinstance(model_admin, RefusesStaleSaves), model
            checked.append(model)
    assert {Event, Source, Topic} <= set(checked)
