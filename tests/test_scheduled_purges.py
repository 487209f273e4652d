"""A scheduled event goes public with no write. Pages kept from before it was scheduled were
not told its time: scheduling it purges those it will change, so they are kept no longer."""

import datetime

import pytest
import time_machine

from events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)

START = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)
DAY = datetime.date(2012, 1, 5)


def page(client, path):
    answer = client.get(path)
    assert answer.status_code == 200
    return set(answer["xkey"].split()), answer.content.decode()


def test_scheduling_purges_the_pages_it_will_join(client, front):
    with time_machine.travel(START, tick=False) as clock:
        earlier = EventFactory(date=datetime.date(2012, 1, 1), topics=["Storm"])
        EventFactory(date=DAY, headline="Roads close in the snow.")
        day_keys, day_page = page(client, "/news/2012/01/5/")
        event_keys, _ = page(client, earlier.get_absolute_url())
        topic_keys, _ = page(client, "/topics/storm/")
        scheduled = EventFactory(
            date=DAY, headline="Power returns to the valley.", status=Event.Status.DRAFT
        )
        scheduled.topics.add("Storm")
        front.forget()
        scheduled.status = Event.Status.SCHEDULED
        scheduled.publish_at = START + datetime.timedelta(hours=1)
        scheduled.save()
        for keys in (day_keys, event_keys, topic_keys):
            assert keys & front.keys
        assert "Power returns" not in page(client, "/news/2012/01/5/")[1]
        clock.shift(datetime.timedelta(hours=1, minutes=1))
        assert "Power returns" in page(client, "/news/2012/01/5/")[1]
        assert "Power returns" not in day_page


def test_a_draft_edited_purges_nothing(client, front):
    with time_machine.travel(START, tick=False):
        draft = EventFactory(date=DAY, status=Event.Status.DRAFT)
        front.forget()
        draft.headline = "Still a draft."
        draft.save()
        assert front.keys == set()


def test_a_scheduled_event_saved_unchanged_purges_nothing_more(client, front):
    with time_machine.travel(START, tick=False):
        scheduled = EventFactory(
            date=DAY,
            status=Event.Status.SCHEDULED,
            publish_at=START + datetime.timedelta(hours=1),
        )
        front.forget()
        Event.objects.get(pk=scheduled.pk).save()
        assert not front.keys - {"updates"}
