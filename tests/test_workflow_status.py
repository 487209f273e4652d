"""Draft, published and scheduled: the public sees a scheduled event from its publish time on,
with no job flipping its status; publishing needs the "can publish" permission."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from tests.admin_forms import change_url, event_form, open_change_form
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

PUBLISH_AT = datetime.datetime(2030, 5, 1, 9, 0, tzinfo=datetime.UTC)
ONE_SECOND = datetime.timedelta(seconds=1)
CHANGELIST = reverse("admin:events_event_changelist")


@pytest.fixture
def scheduled():
    return EventFactory(
        date=datetime.date(2030, 5, 1),
        slug="embargoed",
        status=Event.Status.SCHEDULED,
        publish_at=PUBLISH_AT,
    )


@pytest.mark.parametrize(
    ("now", "public"),
    [(PUBLISH_AT - ONE_SECOND, False), (PUBLISH_AT, True), (PUBLISH_AT + ONE_SECOND, True)],
)
def test_scheduled_event_is_public_from_its_publish_time_on(client, scheduled, now, public):
    with time_machine.travel(now, tick=False):
        assert Event.objects.published().filter(pk=scheduled.pk).exists() is public
        assert Event.objects.get(pk=scheduled.pk).is_published is public
        response = client.get(scheduled.get_absolute_url())
        assert response.status_code == (200 if public else 404)


def test_drafts_and_published_events_ignore_the_clock(scheduled):
    draft = EventFactory(status=Event.Status.DRAFT)
    published = EventFactory(status=Event.Status.PUBLISHED)
    with time_machine.travel(PUBLISH_AT + datetime.timedelta(days=3650), tick=False):
        assert set(Event.objects.published()) == {published, scheduled}
    assert draft.is_published is False


def schedule_post(client, event, when="2030-05-01", at="09:00:00"):
    data = open_change_form(client, event)
    data.update({"status": "scheduled", "publish_at_0": when, "publish_at_1": at})
    return client.post(change_url(event), data)


def test_editor_schedules_an_event_in_its_change_form(editor_client):
    event = EventFactory(status=Event.Status.DRAFT)
    response = schedule_post(editor_client, event)
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.status, event.publish_at) == (Event.Status.SCHEDULED, PUBLISH_AT)


def test_scheduling_without_a_time_is_a_field_error(editor_client):
    event = EventFactory(status=Event.Status.DRAFT, headline="Unchanged.")
    response = schedule_post(editor_client, event, when="", at="")
    assert response.status_code == 200
    assert "publish_at" in response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT


def test_publishing_before_the_scheduled_time_makes_the_event_public_now(editor_client, scheduled):
    data = open_change_form(editor_client, scheduled)
    data["status"] = "published"
    before = timezone.now()
    assert editor_client.post(change_url(scheduled), data).status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.status == Event.Status.PUBLISHED
    assert before <= scheduled.publish_at <= timezone.now()
    assert Event.objects.published().filter(pk=scheduled.pk).exists()


@pytest.fixture
def writer_client(django_user_model, editors_group):
    """Staff who may edit events but not publish: the Editors' rights minus publishing."""
    writer = django_user_model.objects.create_user(username="wes", password="pw", is_staff=True)
    writer.user_permissions.set(editors_group.permissions.exclude(codename="publish_event"))
    client = Client()
    client.force_login(writer)
    return client


def test_changing_status_needs_the_publish_permission(writer_client):
    event = EventFactory(status=Event.Status.DRAFT, headline="Still a draft.")
    data = open_change_form(writer_client, event)
    data.update({"status": "published", "headline": "Sneaked out."})
    response = writer_client.post(change_url(event), data)
    assert response.status_code == 200
    assert "can publish" in response.context["adminform"].form.errors["status"][0]
    event.refresh_from_db()
    assert (event.status, event.headline) == (Event.Status.DRAFT, "Still a draft.")


def test_without_publish_permission_drafts_can_still_be_written(writer_client):
    response = writer_client.post(reverse("admin:events_event_add"), event_form(status="draft"))
    assert response.status_code == 302
    assert Event.objects.get().status == Event.Status.DRAFT
    response = writer_client.post(
        reverse("admin:events_event_add"), event_form(status="published", slug="other")
    )
    assert response.status_code == 200
    assert Event.objects.count() == 1


def offered_actions(client) -> set[str]:
    action_form = client.get(CHANGELIST).context["action_form"]
    return {name for name, _ in action_form.fields["action"].choices} if action_form else set()


def test_publish_actions_are_offered_only_to_publishers(writer_client, editor_client):
    EventFactory()
    assert not {"publish", "unpublish", "schedule"} & offered_actions(writer_client)
    assert {"publish", "unpublish", "schedule"} <= offered_actions(editor_client)


def test_publish_action_posted_without_permission_changes_nothing(writer_client):
    draft = EventFactory(status=Event.Status.DRAFT)
    writer_client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Event.Status.DRAFT


def test_bulk_publish_schedule_and_unpublish(editor_client):
    events = [EventFactory(status=Event.Status.DRAFT) for _ in range(3)]
    ids = [str(e.pk) for e in events]
    editor_client.post(CHANGELIST, {"action": "publish", "_selected_action": ids[:1]})
    # Scheduling asks for the time on a page of its own first.
    page = editor_client.post(CHANGELIST, {"action": "schedule", "_selected_action": ids[1:]})
    assert page.status_code == 200
    assert "publish_at" in page.context["form"].fields
    editor_client.post(
        CHANGELIST,
        {
            "action": "schedule",
            "_selected_action": ids[1:],
            "publish_at_0": "2030-05-01",
            "publish_at_1": "09:00",
        },
    )
    by_status = dict(Event.objects.values_list("pk", "status"))
    assert [by_status[e.pk] for e in events] == ["published", "scheduled", "scheduled"]
    assert Event.objects.filter(publish_at=PUBLISH_AT).count() == 2
    editor_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": ids})
    assert set(Event.objects.values_list("status", "publish_at")) == {("draft", None)}


def test_schedule_action_with_a_bad_time_says_so_and_changes_nothing(editor_client):
    event = EventFactory(status=Event.Status.DRAFT)
    page = editor_client.post(
        CHANGELIST,
        {
            "action": "schedule",
            "_selected_action": [event.pk],
            "publish_at_0": "next tuesday",
            "publish_at_1": "9",
        },
    )
    assert page.status_code == 200
    assert "publish_at" in page.context["form"].errors
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT


def test_changelist_says_when_a_scheduled_event_goes_public(client, editor, scheduled):
    for now, expected in [
        (PUBLISH_AT - ONE_SECOND, "Scheduled for 2030-05-01 09:00"),
        (PUBLISH_AT, "Scheduled, public since 2030-05-01 09:00"),
    ]:
        with time_machine.travel(now, tick=False):
            client.force_login(editor)  # a session from today has expired by 2030
            assert expected in client.get(CHANGELIST).content.decode()


def test_change_page_links_to_the_public_address_as_view_or_preview(editor_client, scheduled):
    draft = EventFactory(status=Event.Status.DRAFT, slug="a-draft")
    published = EventFactory(status=Event.Status.PUBLISHED, slug="a-story")
    for event, label in [
        (draft, "Preview (not public)"),
        (scheduled, "Preview (not public)"),
        (published, "View on site"),
    ]:
        body = editor_client.get(change_url(event)).content.decode()
        assert f'<a href="{event.get_absolute_url()}" class="viewsitelink">{label}</a>' in body
    # What the preview opens: the public address, where staff see the draft and readers do not.
    assert editor_client.get(draft.get_absolute_url()).status_code == 200
    editor_client.logout()
    assert editor_client.get(draft.get_absolute_url()).status_code == 404
