"""Bad input in any admin form: errors that name the field, and nothing saved in part."""

import pytest
from django.urls import reverse

from events.editorial import revisions
from events.models import Event, Topic
from sources.models import Source
from tests.admin_forms import add_inline_row, change_url, form_data, open_change_form
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def event():
    event = EventFactory(headline="Original.", topics=["Chongqing"])
    SourceFactory(event=event, position=0, name="BBC", url="https://www.bbc.co.uk/news/1")
    SourceFactory(event=event, position=1, name="AP", url="https://apnews.com/1")
    return event


def assert_untouched(event):
    stored = Event.objects.get(pk=event.pk)
    assert (stored.headline, stored.lock_version) == ("Original.", 0)
    assert list(stored.sources.values_list("name", "url")) == [
        ("BBC", "https://www.bbc.co.uk/news/1"),
        ("AP", "https://apnews.com/1"),
    ]
    assert list(stored.topics.names()) == ["Chongqing"]
    assert not revisions.versions_of(stored).exists()


def post_edit(client, event, **changes):
    data = open_change_form(client, event)
    data.update({"headline": "Changed.", "topics": ["Chongqing", "New topic"]})
    data["sources-0-name"] = "BBC News"
    add_inline_row(data, "sources", position="2", name="Reuters", url="https://reuters.com/a")
    data.update(changes)
    return client.post(change_url(event), data)


def inline_errors(response, index):
    return response.context["inline_admin_formsets"][index].formset.errors


def test_one_bad_source_url_saves_nothing_of_the_whole_form(editor_client, event):
    response = post_edit(editor_client, event, **{"sources-1-url": "javascript:alert(1)"})
    assert response.status_code == 200
    assert "http://" in inline_errors(response, 0)[1]["url"][0]
    assert_untouched(event)
    assert not Source.objects.filter(name="Reuters").exists()
    assert not Topic.objects.filter(name="New topic").exists()


def test_a_related_link_without_target_or_path_saves_nothing(editor_client, event):
    response = post_edit(
        editor_client,
        event,
        **{
            "related_links-TOTAL_FORMS": "1",
            "related_links-0-position": "0",
            "related_links-0-target_headline": "Somewhere.",
        },
    )
    assert response.status_code == 200
    assert "target" in inline_errors(response, 1)[0]
    assert_untouched(event)


@pytest.mark.parametrize(
    ("field", "value"),
    [("date", "2012-02-30"), ("headline", ""), ("cover_image_url", "data:image/png;base64,AA")],
)
def test_bad_event_fields_are_field_errors(editor_client, event, field, value):
    response = post_edit(editor_client, event, **{field: value})
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert_untouched(event)


def test_source_page_refuses_a_bad_url_and_versions_a_good_edit(editor_client, event):
    source = event.sources.get(name="AP")
    url = reverse("admin:sources_source_change", args=[source.pk])
    opened = form_data(editor_client.get(url).content.decode(), "source_form")["opened_state"]
    data = {"event": event.pk, "position": "1", "name": "AP", "url": "ftp://apnews.com/1"}
    data["opened_state"] = opened  # the page as opened: a stale one is refused
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "url" in response.context["adminform"].form.errors
    assert_untouched(event)

    response = editor_client.post(url, {**data, "url": "https://apnews.com/2"})
    assert response.status_code == 302
    stored = Event.objects.get(pk=event.pk)
    assert stored.lock_version == 1
    newest, baseline = revisions.versions_of(stored)
    assert baseline.revision.comment == revisions.BASELINE_COMMENT
    assert newest.revision.comment == "Changed source “AP”."


def test_topic_without_a_name_is_a_field_error(editor_client):
    topic = Topic.objects.create(name="Chongqing", slug="chongqing")
    url = reverse("admin:events_topic_change", args=[topic.pk])
    response = editor_client.post(url, {"name": ""})
    assert response.status_code == 200
    assert "name" in response.context["adminform"].form.errors
    assert Topic.objects.get(pk=topic.pk).name == "Chongqing"


def test_editors_text_is_escaped_on_every_workflow_page(editor_client, event):
    post_edit(editor_client, event, headline=HOSTILE)
    newest = revisions.versions_of(event).first()
    pages = [
        change_url(event),
        reverse("admin:events_event_history", args=[event.pk]),
        reverse("admin:events_event_compare", args=[event.pk]) + f"?old={newest.revision_id}",
    ]
    for url in pages:
        body = editor_client.get(url).content.decode()
        assert HOSTILE not in body, url
        assert "&lt;script&gt;" in body, url
