"""An event's "what happened next" is purged by a topic's event joining it on a day its list
reaches, and not by one joining far past the list's end: a topic of thousands of events does
not purge every page of it for each event it gains."""

import datetime

import pytest

from events.models import Topic
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)

FIRST = datetime.date(2012, 1, 1)


def storm_events(days: int) -> list:
    """One "Storm" event a day from FIRST on."""
    return [
        EventFactory(date=FIRST + datetime.timedelta(days=n), topics=["Storm"]) for n in range(days)
    ]


def page(client, event):
    answer = client.get(event.get_absolute_url())
    assert answer.status_code == 200
    return set(answer["xkey"].split()), answer.content.decode()


def test_a_full_list_names_its_months_and_an_event_joining_inside_them_purges_it(client, front):
    events = storm_events(12)
    storm = Topic.objects.get(name="Storm")
    keys, before = page(client, events[0])
    assert f"x{storm.pk}.2012-01" in keys
    assert f"t{storm.pk}" not in keys  # ten later events: the list is full
    joining = EventFactory(date=datetime.date(2012, 1, 3), headline="Gale warnings issued.")
    front.forget()
    joining.topics.add("Storm")
    assert keys & front.keys
    assert "Gale warnings issued." in page(client, events[0])[1]
    assert "Gale warnings issued." not in before


def test_an_event_joining_past_the_lists_end_leaves_it_cached(client, front):
    events = storm_events(12)
    first_keys, first_page = page(client, events[0])
    last_keys, _ = page(client, events[-1])  # nothing later: any later event may join
    later = EventFactory(date=datetime.date(2015, 6, 1), headline="A storm, years on.")
    front.forget()
    later.topics.add("Storm")
    assert not first_keys & front.keys
    assert page(client, events[0])[1] == first_page
    assert last_keys & front.keys
    assert "A storm, years on." in page(client, events[-1])[1]


def test_a_list_spanning_years_names_them_and_one_spanning_longer_names_the_topic(client):
    spread = [
        EventFactory(date=datetime.date(2012 + n // 6, 1 + 2 * (n % 6), 1), topics=["Flood"])
        for n in range(11)
    ]
    flood = Topic.objects.get(name="Flood")
    keys, _ = page(client, spread[0])  # its list runs from 2012-03 to 2013-09
    assert {f"x{flood.pk}.2012", f"x{flood.pk}.2013"} <= keys
    assert f"t{flood.pk}" not in keys
    sparse = [
        EventFactory(date=datetime.date(2000 + 2 * n, 5, 1), topics=["Drought"]) for n in range(11)
    ]
    drought = Topic.objects.get(name="Drought")
    assert f"t{drought.pk}" in page(client, sparse[0])[0]


def test_an_event_leaving_a_list_purges_it(client, front):
    events = storm_events(12)
    keys, _ = page(client, events[0])
    front.forget()
    events[3].topics.remove(Topic.objects.get(name="Storm"))
    assert keys & front.keys
    assert events[11].headline in page(client, events[0])[1]  # the eleventh moves up
