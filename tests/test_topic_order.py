"""An event's topics keep the order the editor gave them: through the form, on the public
pages, in revisions and their diffs, and through a restore; the autocomplete's search names
topics with how many events use them."""

import pytest
from django.test import Client
from django.urls import reverse

from events.editorial import revision_diffs, revisions
from events.editorial.topic_order import ordered_topic_names
from events.models import Event, Topic
from tests.admin_forms import change_url, event_form, open_change_form
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

TYPED = ["Wang Lijun", "Chongqing", "Bo Xilai"]


def add_event(client, topics):
    response = client.post(reverse("admin:events_event_add"), event_form(topics=topics))
    assert response.status_code == 302
    return Event.objects.get()


def save_topics(client, event, topics):
    data = open_change_form(client, event)
    data["topics"] = topics
    assert client.post(change_url(event), data).status_code == 302


def test_topics_are_saved_in_the_order_typed_not_by_name(editor_client):
    event = add_event(editor_client, TYPED)
    assert ordered_topic_names(event) == TYPED
    assert list(event.topics.names()) == TYPED


def test_the_change_form_offers_them_in_that_order(editor_client):
    event = add_event(editor_client, TYPED)
    data = open_change_form(editor_client, event)
    assert data["topics"] == TYPED


def test_the_public_pages_list_them_in_that_order(editor_client):
    event = add_event(editor_client, TYPED)
    reader = Client()
    event_page = reader.get(event.get_absolute_url())
    assert [topic.name for topic in event_page.context["topics"]] == TYPED
    day = reader.get(reverse("events:day", kwargs={"year": 2012, "month": 2, "day": 8}))
    [listed] = day.context["events"]
    assert [topic.name for topic in listed.listed_topics] == TYPED


def test_reordering_alone_is_a_change_with_its_revision(editor_client):
    event = add_event(editor_client, TYPED)
    save_topics(editor_client, event, list(reversed(TYPED)))
    assert ordered_topic_names(event) == list(reversed(TYPED))
    newest, first = revisions.versions_of(event)
    old, new = (
        revision_diffs.from_rows(revision_diffs.stored_rows(v.revision), event.pk)
        for v in (first, newest)
    )
    assert old.topics == tuple(TYPED)
    assert new.topics == tuple(reversed(TYPED))
    assert revision_diffs.differences(old, new)


def test_restore_brings_the_order_back_exactly(editor_client):
    event = add_event(editor_client, TYPED)
    save_topics(editor_client, event, ["Chongqing", "New topic", "Wang Lijun"])
    first = list(revisions.versions_of(event))[-1]
    url = reverse("admin:events_event_restore", args=[event.pk, first.revision.pk])
    assert editor_client.post(url).status_code == 302
    assert ordered_topic_names(event) == TYPED
    assert revision_diffs.from_database(event).topics == tuple(TYPED)


def test_imported_topics_without_an_order_read_by_name(editor_client):
    event = EventFactory(topics=["Zeta", "Alpha"])
    assert ordered_topic_names(event) == ["Alpha", "Zeta"]
    assert open_change_form(editor_client, event)["topics"] == ["Alpha", "Zeta"]


def test_autocomplete_names_topics_with_their_counts_most_used_first(editor_client):
    EventFactory(topics=["Chongqing", "Chongqing Municipality"])
    EventFactory(topics=["Chongqing Municipality"])
    EventFactory(topics=["Beijing"])
    url = reverse("admin:events_topic_autocomplete")
    found = editor_client.get(url, {"term": "chongq"}).json()
    assert found["results"] == [
        {"id": "Chongqing Municipality", "text": "Chongqing Municipality", "count": 2},
        {"id": "Chongqing", "text": "Chongqing", "count": 1},
    ]
    assert found["pagination"] == {"more": False}


def test_autocomplete_pages_through_many_topics(editor_client):
    Topic.objects.bulk_create(Topic(name=f"Topic {n:02}", slug=f"topic-{n:02}") for n in range(25))
    url = reverse("admin:events_topic_autocomplete")
    first = editor_client.get(url, {"term": "topic"}).json()
    second = editor_client.get(url, {"term": "topic", "page": "2"}).json()
    assert len(first["results"]) == 20 and first["pagination"]["more"]
    assert len(second["results"]) == 5 and not second["pagination"]["more"]


def test_autocomplete_is_for_staff_only(client, django_user_model):
    url = reverse("admin:events_topic_autocomplete")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(django_user_model.objects.create_user("reader", is_staff=False))
    assert client.get(url).status_code == 302


def test_a_new_name_becomes_a_topic_and_names_are_kept_exactly(editor_client):
    name = "São Paulo\u00a0State"  # a no-break space, as archive names have
    event = add_event(editor_client, ["Chongqing", name, "Chongqing"])
    assert ordered_topic_names(event) == ["Chongqing", name]
    assert Topic.objects.filter(name=name).exists()


def test_a_name_too_long_is_refused_with_one_message(editor_client):
    response = editor_client.post(reverse("admin:events_event_add"), event_form(topics=["x" * 256]))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["topics"] == [
        "A topic name has at most 255 characters."
    ]


def test_the_changelist_shows_the_first_topics_in_that_order(editor_client):
    add_event(editor_client, ["Zeta", "Alpha", "Mid", "Beta"])
    listing = editor_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert "Zeta, Alpha, Mid +1 more" in listing


def test_autocomplete_puts_the_exact_name_first_then_names_starting_with_it(editor_client):
    EventFactory(topics=["Free Syrian Army", "Syria"])
    EventFactory(topics=["Free Syrian Army", "Syrian refugees"])
    EventFactory(topics=["Free Syrian Army", "Syrian refugees"])
    url = reverse("admin:events_topic_autocomplete")
    found = editor_client.get(url, {"term": "syria"}).json()["results"]
    assert [topic["text"] for topic in found] == ["Syria", "Syrian refugees", "Free Syrian Army"]
    assert [topic["count"] for topic in found] == [1, 2, 3]


def test_autocomplete_counts_events_not_topic_rows(editor_client):
    # Wang Lijun is the event's own topic and also given to it by a link from another event:
    # one event, however many rows or givers name it.
    target = EventFactory(topics=["Wang Lijun"])
    linking = EventFactory(topics=["Chongqing"])
    linking.related_links.create(
        position=0, target=target, target_path=target.legacy_path, context="Wang Lijun"
    )
    EventFactory(topics=["Wang Lijun"])
    url = reverse("admin:events_topic_autocomplete")
    found = editor_client.get(url, {"term": "Wang Lijun"}).json()["results"]
    assert found == [{"id": "Wang Lijun", "text": "Wang Lijun", "count": 2}]
