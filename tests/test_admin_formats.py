"""One date and time format across the admin: 2026-12-01 and 14:30, date-times with the
site's time zone (newsroom/formats/): the change form, the schedule form, the list, the
history."""

import datetime

import pytest
from django.urls import reverse
from reversion.models import Revision

from events.models import Event
from tests.admin_forms import change_url, open_change_form
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

PUBLISH_AT = datetime.datetime(2030, 5, 1, 9, 30, tzinfo=datetime.UTC)
CHANGELIST = reverse("admin:events_event_changelist")


@pytest.fixture
def scheduled():
    return EventFactory(status=Event.Status.SCHEDULED, publish_at=PUBLISH_AT)


def test_the_change_form_writes_dates_and_times_in_one_order_with_the_zone(admin_client, scheduled):
    data = open_change_form(admin_client, scheduled)
    assert data["date"] == "2012-02-08"
    assert (data["publish_at_0"], data["publish_at_1"]) == ("2030-05-01", "09:30")
    page = admin_client.get(change_url(scheduled)).content.decode()
    assert "Time zone: UTC" in page


def test_the_change_form_reads_that_order_and_no_other(admin_client, scheduled):
    data = open_change_form(admin_client, scheduled)
    data["date"] = "08/02/2012"  # 8 February or 2 August: refused rather than guessed
    response = admin_client.post(change_url(scheduled), data)
    assert "date" in response.context["adminform"].form.errors


def test_the_schedule_form_has_the_same_inputs_and_zone(admin_client):
    event = EventFactory(status=Event.Status.DRAFT)
    ids = [str(event.pk)]
    page = admin_client.post(CHANGELIST, {"action": "schedule", "_selected_action": ids})
    html = page.content.decode()
    assert 'name="publish_at_0"' in html and 'name="publish_at_1"' in html
    assert "Time zone: UTC" in html
    assert 'type="datetime-local"' not in html  # the browser's own, in the reader's locale
    admin_client.post(
        CHANGELIST,
        {
            "action": "schedule",
            "_selected_action": ids,
            "publish_at_0": "2030-05-01",
            "publish_at_1": "09:30",
        },
    )
    event.refresh_from_db()
    assert event.publish_at == PUBLISH_AT


def test_the_list_and_the_history_write_date_times_alike(admin_client, scheduled):
    listing = admin_client.get(CHANGELIST).content.decode()
    assert "Scheduled for 2030-05-01 09:30 UTC" in listing
    data = open_change_form(admin_client, scheduled)
    assert admin_client.post(change_url(scheduled), data).status_code == 302
    with_time = datetime.datetime(2031, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    Revision.objects.update(date_created=with_time)
    Event.objects.filter(pk=scheduled.pk).update(updated_at=with_time)
    history = admin_client.get(reverse("admin:events_event_history", args=[scheduled.pk]))
    assert "2031-01-02 03:04 UTC" in history.content.decode()
    listing = admin_client.get(CHANGELIST).content.decode()
    assert "2031-01-02 03:04 UTC" in listing  # updated at
