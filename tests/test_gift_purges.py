"""A topic a public event's link gives counts in its target's change time even when the
target shows that topic anyway (its own): the target's answers change, and are purged."""

import datetime

import pytest
import time_machine

from events.models import Event
from tests.factories import EventFactory, RelatedFactory

pytestmark = pytest.mark.django_db(transaction=True)

START = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)


def api_updated_at(client, event: Event) -> str:
    answer = client.get(f"/api/v1/events/{event.pk}")
    assert answer.status_code == 200
    return answer.json()["updated_at"]


def test_publishing_a_giver_of_a_topic_its_target_has_purges_the_target(
    client, staff_browser, front
):
    with time_machine.travel(START, tick=False) as clock:
        target = EventFactory(topics=["Chongqing"])
        giver = EventFactory(status=Event.Status.DRAFT, date=datetime.date(2012, 2, 10))
        RelatedFactory(event=giver, target=target, context="Chongqing")
        before = api_updated_at(client, target)
        front.forget()
        clock.shift(datetime.timedelta(minutes=5))
        action = {"action": "publish", "_selected_action": [str(giver.pk)]}
        assert staff_browser.post("/admin/events/event/", action).status_code in (200, 302)
        # Its topics read the same, its change time is the giver's publication.
        assert api_updated_at(client, target) > before
        assert f"e{target.pk}" in front.keys


def test_a_giver_whose_publish_time_moves_moves_its_targets_change_time(client, front):
    """A restored revision can move a public giver's publish time back: its targets' answers,
    which gave the later time, change, so their change time moves on and they are purged."""
    with time_machine.travel(START, tick=False) as clock:
        target = EventFactory(topics=["Chongqing"])
        giver = EventFactory(date=datetime.date(2012, 2, 10))
        RelatedFactory(event=giver, target=target, context="Chengdu")
        clock.shift(datetime.timedelta(hours=2))
        giver.publish_at = START + datetime.timedelta(hours=2)
        giver.save()
        before = api_updated_at(client, target)
        front.forget()
        clock.shift(datetime.timedelta(hours=1))
        giver.publish_at = START + datetime.timedelta(hours=1)
        giver.save()
        assert api_updated_at(client, target) > before
        assert f"e{target.pk}" in front.keys
