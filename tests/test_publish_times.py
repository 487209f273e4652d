"""Every public event has a publish time, so that `published()` is one test per column: a
published event's is when it went public, a scheduled event's when it is due; a draft has none."""

import datetime
import importlib

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.urls import reverse

from events.archive.importer import import_archive
from events.models import Event
from events.sql import public_condition
from tests.admin_forms import change_url, open_change_form
from tests.archive_files import event_text, write_archive
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
LATER = NOW + datetime.timedelta(days=30)
CHANGELIST = reverse("admin:events_event_changelist")


def test_an_event_published_on_save_went_public_then():
    with time_machine.travel(NOW, tick=False):
        published = EventFactory(status=Event.Status.PUBLISHED)
        draft = EventFactory(status=Event.Status.DRAFT, publish_at=LATER)
    published.refresh_from_db()
    draft.refresh_from_db()
    assert published.publish_at == NOW and published.is_published
    assert draft.publish_at is None and not draft.is_published
    assert list(Event.objects.published()) == [published]


def test_publishing_sets_the_time_and_publishing_again_keeps_it(editor_client, editor):
    event = EventFactory(status=Event.Status.DRAFT)
    publish = {"action": "publish", "_selected_action": [event.pk]}
    with time_machine.travel(NOW, tick=False):
        editor_client.force_login(editor)
        editor_client.post(CHANGELIST, publish)
    event.refresh_from_db()
    assert event.publish_at == NOW
    with time_machine.travel(LATER, tick=False):
        editor_client.force_login(editor)  # a session from a month before has expired
        editor_client.post(CHANGELIST, publish)
        event.refresh_from_db()
        assert event.publish_at == NOW  # already public: it keeps the time it went public
        editor_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert (event.status, event.publish_at) == (Event.Status.DRAFT, None)


def test_editing_a_published_event_keeps_its_publish_time(editor_client):
    with time_machine.travel(NOW, tick=False):
        event = EventFactory(status=Event.Status.PUBLISHED, headline="Before.")
    data = open_change_form(editor_client, event)
    data["headline"] = "After."
    assert editor_client.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert (event.headline, event.publish_at) == ("After.", NOW)


def test_imported_events_are_public_from_their_import(tmp_path):
    write_archive(tmp_path, {"news/2012/02/8/story.md": event_text()})
    with time_machine.travel(NOW, tick=False):
        import_archive(tmp_path)
    event = Event.objects.get()
    assert (event.status, event.publish_at) == (Event.Status.PUBLISHED, NOW)
    assert event.is_published


def test_the_migration_gives_published_events_their_creation_time():
    with time_machine.travel(NOW, tick=False):
        event = EventFactory(status=Event.Status.PUBLISHED)
    Event.objects.filter(pk=event.pk).update(publish_at=None)  # as every event was before
    assert not Event.objects.published().exists()
    migration = importlib.import_module("events.migrations.0005_index_friendly_public_queries")
    migration.give_published_events_a_publish_time(apps, None)
    event.refresh_from_db()
    assert event.publish_at == event.created_at == NOW
    assert list(Event.objects.published()) == [event]


def test_a_scheduled_event_keeps_the_time_it_is_due():
    with time_machine.travel(NOW, tick=False):
        event = EventFactory(status=Event.Status.SCHEDULED, publish_at=LATER)
        event.headline = "Edited while it waits."
        event.save()
        assert not Event.objects.published().filter(pk=event.pk).exists()
    event.refresh_from_db()
    assert event.publish_at == LATER
    with time_machine.travel(LATER, tick=False):
        assert Event.objects.published().filter(pk=event.pk).exists()
        assert event.is_published


def public_ids_by_hand() -> set[int]:
    condition, params = public_condition()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM events_event WHERE {condition}", params)  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


def test_hand_written_statements_see_what_published_sees():
    with time_machine.travel(NOW, tick=False):
        EventFactory(status=Event.Status.PUBLISHED)
        EventFactory(status=Event.Status.DRAFT)
        EventFactory(status=Event.Status.SCHEDULED, publish_at=LATER)
    for moment in (NOW, LATER - datetime.timedelta(seconds=1), LATER):
        with time_machine.travel(moment, tick=False):
            published = set(Event.objects.published().values_list("pk", flat=True))
            assert public_ids_by_hand() == published
    assert len(published) == 2  # the scheduled event is public from its time on
