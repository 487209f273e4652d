"""Edit conflicts: two editors open one event; the first saves; the second's save is refused,
says what changed meanwhile, and saves nothing (optimistic version check)."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from events.editorial import revisions
from events.models import Event
from sources.models import Source
from tests.admin_forms import add_inline_row, change_url, open_change_form
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db
LOCK_WAIT_POLLS = 200  # of 50 ms each


@pytest.fixture
def event():
    event = EventFactory(headline="The original headline.", topics=["Chongqing"])
    SourceFactory(event=event, position=0, name="BBC", url="https://www.bbc.co.uk/news/1")
    return event


@pytest.fixture
def second_editor(django_user_model, editors_group):
    user = django_user_model.objects.create_user(username="sam", password="pw", is_staff=True)
    user.groups.add(editors_group)
    client = Client()
    client.force_login(user)
    return client


def test_second_save_is_refused_and_shows_what_changed(editor_client, second_editor, event):
    first = open_change_form(editor_client, event)
    second = open_change_form(second_editor, event)

    first["headline"] = "The first editor's headline."
    first["topics"] = ["Chongqing", "Wang Lijun"]
    assert editor_client.post(change_url(event), first).status_code == 302

    second["headline"] = "The second editor's headline."
    second["summary"] = "A summary the second editor wrote."
    add_inline_row(second, "sources", position="1", name="Reuters", url="https://reuters.com/a")
    response = second_editor.post(change_url(event), second)

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors[0].startswith("Not saved: eve saved this event at ")
    assert "Headline: “The original headline.” → “The first editor's headline.”" in errors
    assert "Topics: added Wang Lijun" in errors
    assert len(errors) == 3  # nothing else changed meanwhile
    stored = Event.objects.get(pk=event.pk)
    assert (stored.headline, stored.summary) == ("The first editor's headline.", "")
    assert list(Source.objects.filter(event=event).values_list("name", flat=True)) == ["BBC"]
    # The refused save left no trace in the history either.
    assert [v.revision.user.username for v in revisions.versions_of(event)[:1]] == ["eve"]


def test_after_reloading_the_second_editor_can_save(editor_client, second_editor, event):
    first = open_change_form(editor_client, event)
    stale = open_change_form(second_editor, event)
    editor_client.post(change_url(event), {**first, "headline": "First."})
    refused = second_editor.post(change_url(event), {**stale, "headline": "Second."})
    assert refused.status_code == 200
    fresh = open_change_form(second_editor, event)
    saved = second_editor.post(change_url(event), {**fresh, "headline": "Second."})
    assert saved.status_code == 302
    assert Event.objects.get(pk=event.pk).headline == "Second."


def test_a_publish_action_meanwhile_is_a_conflict_too(editor_client, second_editor):
    draft = EventFactory(status=Event.Status.DRAFT)
    stale = open_change_form(second_editor, draft)
    editor_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    response = second_editor.post(change_url(draft), {**stale, "headline": "Late edit."})
    assert response.status_code == 200
    assert "Status: “Draft” → “Published”" in response.context["adminform"].form.non_field_errors()
    assert Event.objects.get(pk=draft.pk).status == Event.Status.PUBLISHED


def test_a_form_without_its_version_is_refused(editor_client, event):
    data = open_change_form(editor_client, event)
    del data["opened_version"]
    response = editor_client.post(change_url(event), {**data, "headline": "Blind save."})
    assert response.status_code == 200
    assert "Reload the page" in response.context["adminform"].form.non_field_errors()[0]
    assert Event.objects.get(pk=event.pk).headline == "The original headline."


def test_each_save_raises_the_lock_version_once(editor_client, event):
    for expected in (1, 2):
        data = open_change_form(editor_client, event)
        assert data["opened_version"] == str(expected - 1)
        editor_client.post(change_url(event), {**data, "headline": f"Save {expected}."})
        assert Event.objects.get(pk=event.pk).lock_version == expected


def backends_waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        # Within a transaction the activity view is a snapshot unless cleared.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0]


@pytest.mark.skipif(
    not connection.features.has_select_for_update,
    reason="SQLite takes its one write lock when a save's transaction begins",
)
@pytest.mark.django_db(transaction=True)
def test_a_save_racing_another_waits_for_it_then_is_refused(client, editor):
    """A save that starts while another transaction holds the event waits on the row lock,
    then sees the new version: it cannot read the old one and overwrite the other's change."""
    event = EventFactory(headline="The original headline.")
    client.force_login(editor)
    stale = open_change_form(client, event)
    responses = []

    def second_save():
        try:
            responses.append(client.post(change_url(event), {**stale, "headline": "Second."}))
        finally:
            connection.close()

    with transaction.atomic():
        first = Event.objects.select_for_update().get(pk=event.pk)
        racer = threading.Thread(target=second_save)
        racer.start()
        for _ in range(LOCK_WAIT_POLLS):
            if backends_waiting_for_a_lock():
                break
            time.sleep(0.05)
        else:
            pytest.fail("the second save never waited for the row lock")
        first.headline, first.lock_version = "First.", first.lock_version + 1
        first.save()
    racer.join()

    assert responses[0].status_code == 200
    assert "Not saved" in responses[0].context["adminform"].form.non_field_errors()[0]
    assert Event.objects.get(pk=event.pk).headline == "First."


def test_a_refusal_keeps_the_editors_values_and_shows_no_error_banner(
    editor_client, second_editor, event
):
    first = open_change_form(editor_client, event)
    second = open_change_form(second_editor, event)
    editor_client.post(change_url(event), {**first, "headline": "The first editor's headline."})
    response = second_editor.post(change_url(event), {**second, "summary": "Mine, typed."})
    page = response.content.decode()
    assert "Please correct the error" not in page
    assert 'id="edit-conflict"' in page and 'id="conflict-changes"' in page
    assert "Mine, typed." in page  # the editor's own values are still in the form
    assert response.context["conflict"].version == 1


def test_save_mine_over_theirs_saves_and_says_so_in_the_revision(
    editor_client, second_editor, event
):
    first = open_change_form(editor_client, event)
    second = open_change_form(second_editor, event)
    editor_client.post(change_url(event), {**first, "headline": "First."})
    mine = {**second, "headline": "Second, on purpose."}
    refused = second_editor.post(change_url(event), mine)
    assert refused.status_code == 200
    saved = second_editor.post(change_url(event), {**mine, "_overwrite": "1"})
    assert saved.status_code == 302
    assert Event.objects.get(pk=event.pk).headline == "Second, on purpose."
    newest = revisions.versions_of(event).first().revision
    assert newest.user.username == "sam"
    assert newest.comment.startswith("Saved over the changes eve made at ")


def test_saving_over_theirs_is_refused_again_when_a_third_save_came_between(
    editor_client, second_editor, event
):
    first = open_change_form(editor_client, event)
    second = open_change_form(second_editor, event)
    editor_client.post(change_url(event), {**first, "headline": "First."})
    again = open_change_form(editor_client, event)
    editor_client.post(change_url(event), {**again, "headline": "Third."})
    # The editor chose to save over version 1, but version 2 is what the database holds now.
    response = second_editor.post(change_url(event), {**second, "_overwrite": "1"})
    assert response.status_code == 200
    assert response.context["conflict"].version == 2
    assert Event.objects.get(pk=event.pk).headline == "Third."
