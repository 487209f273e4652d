"""The full-text index follows every write path: saves, the admin, update(), bulk_update(),
deletes, the import's plain INSERTs, revision restores; and it is an index, not a scan."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from events.archive.importer import import_archive
from events.editorial import revisions
from events.models import Event
from events.models import search as index
from events.public.search import search_events
from tests.admin_forms import change_url, open_change_form
from tests.archive_files import event_text, write_archive
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

INSERTS = "events_search_after_insert"

ON_SQLITE = connection.vendor == "sqlite"


def found(text: str) -> list[str]:
    """Headlines of every event (drafts too: the index holds them all) matching `text`."""
    headlines = [event.headline for event in search_events(Event.objects.all(), text)]
    if ON_SQLITE:
        index.check_sqlite_index()  # and the index holds exactly the table's text
    return headlines


def test_a_new_event_is_found_by_headline_and_summary():
    EventFactory(headline="A ferry sinks off Zanzibar.", summary="Rescuers reach the island.")
    assert found("zanzibar") == ["A ferry sinks off Zanzibar."]
    assert found("rescuers") == ["A ferry sinks off Zanzibar."]


def test_a_save_replaces_the_old_words():
    event = EventFactory(headline="A ferry sinks off Zanzibar.")
    event.headline = "A ferry sinks off Pemba."
    event.save()
    assert found("zanzibar") == []
    assert found("pemba") == ["A ferry sinks off Pemba."]


def test_an_edit_in_the_admin_is_found(editor_client):
    event = EventFactory(headline="A ferry sinks off Zanzibar.")
    data = open_change_form(editor_client, event)
    data["headline"] = "Rescuers reach Pemba island."
    assert editor_client.post(change_url(event), data).status_code == 302
    assert found("zanzibar") == []
    assert found("pemba") == ["Rescuers reach Pemba island."]


def test_queryset_update_and_bulk_update_are_found():
    first = EventFactory(headline="A ferry sinks off Zanzibar.")
    second = EventFactory(headline="Floods in Mozambique.")
    Event.objects.filter(pk=first.pk).update(summary="Divers search the wreck.")
    assert found("divers") == ["A ferry sinks off Zanzibar."]
    second.headline = "Floods reach Malawi."
    Event.objects.bulk_update([second], ["headline"])
    assert found("mozambique") == []
    assert found("malawi") == ["Floods reach Malawi."]
    Event.objects.filter(pk=first.pk).update(status=Event.Status.DRAFT)  # text unchanged
    first.refresh_from_db()
    first.save()  # every column written, the text the same
    assert found("divers") == ["A ferry sinks off Zanzibar."]


def test_deleted_events_leave_the_index():
    kept = EventFactory(headline="A ferry sinks off Zanzibar.")
    EventFactory(headline="Another ferry sinks off Zanzibar.").delete()
    EventFactory(headline="A third ferry near Zanzibar.")
    Event.objects.exclude(pk=kept.pk).delete()
    assert found("zanzibar") == ["A ferry sinks off Zanzibar."]


def test_the_import_without_signals_is_found_and_its_changes_too(tmp_path):
    path = "news/2012/03/1/ferry.md"
    folder = {"date": "2012-03-1", "folder": "/news/2012/03/1"}
    write_archive(tmp_path, {path: event_text(headline="A ferry sinks off Zanzibar.", **folder)})
    import_archive(tmp_path)
    assert found("zanzibar") == ["A ferry sinks off Zanzibar."]
    write_archive(tmp_path, {path: event_text(headline="A ferry sinks off Pemba.", **folder)})
    import_archive(tmp_path)
    assert found("zanzibar") == []
    assert found("pemba") == ["A ferry sinks off Pemba."]


def test_a_revision_restore_is_found(editor_client):
    event = EventFactory(headline="A ferry sinks off Zanzibar.")
    revisions.record(event)
    data = open_change_form(editor_client, event)
    data["headline"] = "A ferry sinks off Pemba."
    assert editor_client.post(change_url(event), data).status_code == 302
    assert found("pemba") == ["A ferry sinks off Pemba."]
    _newest, baseline = revisions.versions_of(event)
    url = reverse("admin:events_event_restore", args=[event.pk, baseline.revision.pk])
    assert editor_client.post(url).status_code == 302
    assert found("pemba") == []
    assert found("zanzibar") == ["A ferry sinks off Zanzibar."]


@pytest.mark.skipif(not ON_SQLITE, reason="triggers are SQLite's")
def test_triggers_dropped_by_a_table_rebuild_come_back_after_migrate():
    event = EventFactory(headline="A ferry sinks off Zanzibar.")
    assert index.restore_sqlite_triggers() is False  # whole: nothing to do
    with connection.cursor() as cursor:
        # What Django's SQLite schema editor does to triggers when it rebuilds a table.
        cursor.execute("DROP TRIGGER events_search_after_update")
    Event.objects.filter(pk=event.pk).update(headline="A ferry sinks off Pemba.")
    call_command("migrate", verbosity=0)  # nothing to migrate; its post_migrate restores
    assert index.restore_sqlite_triggers() is False
    assert found("pemba") == ["A ferry sinks off Pemba."]
    Event.objects.filter(pk=event.pk).update(headline="Rescuers reach Zanzibar.")
    assert found("rescuers") == ["Rescuers reach Zanzibar."]


@pytest.mark.skipif(not ON_SQLITE, reason="triggers are SQLite's")
def test_an_import_batch_indexes_in_bulk_and_a_rollback_keeps_the_trigger():
    with transaction.atomic(), index.indexing_in_bulk():
        EventFactory(headline="A ferry sinks off Zanzibar.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = %s", [INSERTS])
            assert cursor.fetchone()[0] == 0  # the trigger is off for the batch's inserts
    assert found("zanzibar") == ["A ferry sinks off Zanzibar."]
    with pytest.raises(RuntimeError), transaction.atomic(), index.indexing_in_bulk():
        EventFactory(headline="Lost with its batch.")
        raise RuntimeError("the batch fails")
    assert index.restore_sqlite_triggers() is False  # the rollback brought the trigger back
    EventFactory(headline="A ferry reaches Pemba.")
    assert found("pemba") == ["A ferry reaches Pemba."]
    index.check_sqlite_index()


@pytest.mark.skipif(ON_SQLITE, reason="the stored vector is PostgreSQL's")
def test_postgresql_can_answer_from_the_gin_index():
    for day in range(1, 29):
        EventFactory(date=datetime.date(2012, 2, day), headline=f"Story {day} of February.")
    EventFactory(headline="A ferry sinks off Zanzibar.")
    sql, params = search_events(Event.objects.published(), "zanzibar").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_event")
        # A handful of rows: walking the table is cheaper, so ask for the plan without that
        # (at 100,000 events the planner picks the GIN index by itself).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        # Nor look each public event up in turn (the plan statistics of a small table choose).
        cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "event_search_document" in plan, plan
    assert "to_tsvector" not in plan  # read from the stored column, not computed per row
