"""Soft locks: opening an event another editor opened in the last few minutes, and has not
saved or left, says who and since when; saving or leaving clears it; the conflict check at
save stays the guard."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from events.models import EditingPresence
from tests.admin_forms import change_url, open_change_form
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(django_user_model, editors_group):
    clients = []
    for name in ("ann", "bob"):
        user = django_user_model.objects.create_user(name, password=f"pw-{name}-1", is_staff=True)
        user.groups.add(editors_group)
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def warning(response) -> str:
    text = response.content.decode()
    start = text.find('id="others-editing"')
    return "" if start < 0 else text[start : text.find("</div>", start)]


def test_the_second_editor_is_told_who_opened_it_and_when(two_editors):
    ann, bob = two_editors
    event = EventFactory()
    with time_machine.travel(datetime.datetime(2026, 3, 2, 14, 2, tzinfo=datetime.UTC)):
        assert warning(ann.get(change_url(event))) == ""
    with time_machine.travel(datetime.datetime(2026, 3, 2, 14, 7, tzinfo=datetime.UTC)):
        told = warning(bob.get(change_url(event)))
    assert "ann opened this event at 14:02 UTC (5\xa0minutes ago)" in told
    # Ann is not warned of herself; she is of Bob.
    with time_machine.travel(datetime.datetime(2026, 3, 2, 14, 8, tzinfo=datetime.UTC)):
        again = warning(ann.get(change_url(event)))
    assert "bob opened this event" in again and "ann opened" not in again


def test_an_old_opening_says_nothing(two_editors):
    ann, bob = two_editors
    event = EventFactory()
    with time_machine.travel(datetime.datetime(2026, 3, 2, 14, 0, tzinfo=datetime.UTC)):
        ann.get(change_url(event))
    with time_machine.travel(datetime.datetime(2026, 3, 2, 14, 16, tzinfo=datetime.UTC)):
        assert warning(bob.get(change_url(event))) == ""


def test_saving_or_leaving_clears_it(two_editors):
    ann, bob = two_editors
    event, other = EventFactory(), EventFactory()
    data = open_change_form(ann, event)
    data["headline"] = event.headline + " Edited."
    assert ann.post(change_url(event), data).status_code == 302
    assert warning(bob.get(change_url(event))) == ""
    ann.get(change_url(other))
    left = reverse("admin:events_event_left", args=[other.pk])
    assert ann.post(left).status_code == 204
    assert warning(bob.get(change_url(other))) == ""
    assert list(EditingPresence.objects.values_list("user__username", flat=True)) == [
        "bob",
        "bob",
    ]


def test_leaving_needs_a_post_with_the_csrf_token(two_editors, django_user_model):
    ann, _bob = two_editors
    event = EventFactory()
    ann.get(change_url(event))
    left = reverse("admin:events_event_left", args=[event.pk])
    assert ann.get(left).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(django_user_model.objects.get(username="ann"))
    assert strict.post(left).status_code == 403
    assert EditingPresence.objects.count() == 1
