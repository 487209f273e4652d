"""Ordering: new inline rows go after the last; a day's events reordered on one page, which is
an edit like any other (one revision for the reorder, a conflict check, change times, purges)."""

import datetime

import pytest
from django.urls import reverse
from reversion.models import Revision

from events.editorial import day_order, revisions
from events.models import Event, PendingPurge
from sources.models import Source
from tests.admin_forms import add_inline_row, change_url, open_change_form
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2012, 2, 8)


def order_url(day=DAY):
    return reverse("admin:events_event_day_order", args=[day.year, day.month, day.day])


@pytest.fixture
def day_events():
    return [EventFactory(date=DAY, position=n, headline=f"Event {n}.") for n in range(3)]


def test_a_new_source_row_left_at_position_zero_goes_after_the_last(editor_client):
    event = EventFactory()
    for n in range(2):
        SourceFactory(event=event, position=n, name=f"Outlet {n}")
    data = open_change_form(editor_client, event)
    add_inline_row(data, "sources", position="0", name="Newest", url="https://example.org/n")
    assert editor_client.post(change_url(event), data).status_code == 302
    names = list(Source.objects.filter(event=event).order_by("position").values_list("name"))
    assert [name for (name,) in names] == ["Outlet 0", "Outlet 1", "Newest"]


def posted_order(events):
    data = {"order": [str(e.pk) for e in events]}
    data.update({f"version-{e.pk}": str(e.lock_version) for e in events})
    return data


def test_reordering_a_day_records_one_revision_naming_what_the_editor_moved(
    editor_client, day_events
):
    first, second, third = day_events
    before = {event.pk: event.updated_at for event in day_events}
    response = editor_client.post(order_url(), posted_order([third, first, second]))
    assert response.status_code == 302
    order = list(Event.objects.filter(date=DAY).order_by("position").values_list("headline"))
    assert [h for (h,) in order] == ["Event 2.", "Event 0.", "Event 1."]
    newest = set()
    for event in day_events:
        event.refresh_from_db()
        assert event.lock_version == 1
        assert event.updated_at > before[event.pk]  # every event whose place changed
        newest.add(revisions.versions_of(event).first().revision)
    (revision,) = newest  # one revision holds the whole reorder
    assert revision.comment == (
        "Reordered the day's events: “Event 2.” to position 1 (2 other events shifted)."
    )
    assert revision.user.username == "eve"
    # The events' state before their first change in the CMS: one baseline revision too.
    assert Revision.objects.count() == 2


def test_moving_the_last_of_a_long_day_to_the_top_is_one_move(editor_client):
    events = [EventFactory(date=DAY, position=n, headline=f"Event {n}.") for n in range(43)]
    editor_client.post(order_url(), posted_order([events[-1], *events[:-1]]))
    (revision,) = Revision.objects.exclude(comment=revisions.BASELINE_COMMENT)
    assert revision.comment == (
        "Reordered the day's events: “Event 42.” to position 1 (42 other events shifted)."
    )
    assert revision.version_set.filter(content_type__model="event").count() == 43


@pytest.mark.parametrize(
    ("after", "moved"),
    [
        ([0, 1, 2, 3], []),
        ([3, 0, 1, 2], [3]),
        ([1, 2, 3, 0], [0]),
        ([1, 0, 3, 2], [1, 3]),  # or 0 and 2: two moves either way
        ([3, 2, 1, 0], [3, 2, 1]),
    ],
)
def test_what_the_editor_moved_is_the_fewest_moves(after, moved):
    assert day_order.moved_by_editor([0, 1, 2, 3], after) == moved


def test_a_reorder_is_refused_when_an_event_changed_meanwhile(editor_client, day_events):
    opened = posted_order(list(reversed(day_events)))
    changed = day_events[1]
    changed.headline, changed.lock_version = "Edited meanwhile.", 1
    changed.save()
    response = editor_client.post(order_url(), opened, follow=True)
    assert "Not saved: the day changed since you opened it" in response.content.decode()
    assert "Edited meanwhile." in response.content.decode()
    positions = dict(Event.objects.filter(date=DAY).values_list("headline", "position"))
    assert positions == {"Event 0.": 0, "Edited meanwhile.": 1, "Event 2.": 2}


def test_a_reorder_is_refused_when_an_event_joined_the_day(editor_client, day_events):
    opened = posted_order(day_events[::-1])
    EventFactory(date=DAY, position=3)
    response = editor_client.post(order_url(), opened, follow=True)
    assert "events joined or left the day" in response.content.decode()


def test_a_reorder_purges_the_day_and_its_events(editor_client, day_events, settings):
    settings.NEWSROOM_PURGE_URLS = ["http://127.0.0.1:9/"]  # nothing listens: purges stay
    first, second, third = day_events
    editor_client.post(order_url(), posted_order([second, first, third]))
    keys = {key for row in PendingPurge.objects.all() for key in row.keys.split()}
    assert {f"e{first.pk}", f"e{second.pk}", "d2012-02-08", "home"} <= keys
    assert f"e{third.pk}" not in keys


def test_the_day_page_lists_the_events_in_order_and_readers_cannot_post(client, day_events):
    assert client.post(order_url(), posted_order(day_events)).status_code == 302  # sign in
    assert Event.objects.get(pk=day_events[0].pk).lock_version == 0
