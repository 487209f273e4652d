"""Each day's stored count of public or scheduled events (events.models.day_counts) follows
every way events are written, and the sitemap numbers and reads its sections from it: a day
whose only event is not due yet is left out until it falls due, with no write."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import DayCount, Event
from events.models.day_counts import TRIGGER_NAMES, restore_sqlite_triggers
from events.models.public import will_be_public
from events.public import sitemaps
from tests.archive_files import event_text, write_archive
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
DAY = datetime.date(2012, 2, 8)
NEXT = DAY + datetime.timedelta(days=1)


def stored() -> dict[datetime.date, int]:
    return dict(DayCount.objects.exclude(public_count=0).values_list("date", "public_count"))


def recounted() -> dict[datetime.date, int]:
    """The same counts, from the events themselves."""
    days = Event.objects.filter(will_be_public()).values("date").annotate(n=Count("pk"))
    return {day["date"]: day["n"] for day in days.order_by()}


def test_counts_follow_saves_moves_status_and_deletes():
    event = EventFactory(date=DAY)
    draft = EventFactory(date=DAY, status=Event.Status.DRAFT)
    assert stored() == {DAY: 1}
    draft.status = Event.Status.PUBLISHED
    draft.save()
    assert stored() == {DAY: 2}
    event.date = NEXT
    event.save()
    assert stored() == {DAY: 1, NEXT: 1}
    draft.status = Event.Status.DRAFT
    draft.save()
    event.delete()
    assert stored() == {}


def test_bulk_writes_move_several_days_at_once():
    EventFactory.create_batch(3, date=DAY)
    EventFactory.create_batch(2, date=NEXT)
    EventFactory(date=NEXT, status=Event.Status.DRAFT)
    Event.objects.filter(date=DAY).update(date=NEXT)
    assert stored() == recounted() == {NEXT: 5}
    Event.objects.filter(date=NEXT).update(status=Event.Status.DRAFT, publish_at=None)
    assert stored() == recounted() == {}
    Event.objects.update(status=Event.Status.PUBLISHED, publish_at=timezone.now())
    assert stored() == recounted() == {NEXT: 6}
    Event.objects.all().delete()
    assert stored() == {}


def test_an_import_and_a_changed_file_keep_the_counts(tmp_path):
    files = {
        f"news/2012/02/{day}/event-{n}.md": event_text(
            f"2012-02-{day}", f"/news/2012/02/{day}", f"Event {n} happens."
        )
        for day in (8, 9)
        for n in range(3)
    }
    write_archive(tmp_path, files)
    call_command("import_archive", str(tmp_path), verbosity=0, stdout=io.StringIO())
    assert stored() == recounted() == {DAY: 3, NEXT: 3}
    # A changed file rewrites its event's row (its date too); a new one adds a day.
    changed = event_text("2012-02-8", "/news/2012/02/8", "Event 0 happens again.")
    added = event_text("2012-02-10", "/news/2012/02/10", "Event 9 happens.")
    write_archive(
        tmp_path, {"news/2012/02/8/event-0.md": changed, "news/2012/02/10/event-9.md": added}
    )
    call_command("import_archive", str(tmp_path), verbosity=0, stdout=io.StringIO())
    third = DAY + datetime.timedelta(days=2)
    assert stored() == recounted() == {DAY: 3, NEXT: 3, third: 1}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables to alter them")
def test_triggers_a_table_rebuild_dropped_come_back_with_the_counts_right():
    EventFactory(date=DAY)
    with connection.cursor() as cursor:
        for name in TRIGGER_NAMES:
            cursor.execute(f"DROP TRIGGER {name}")
    EventFactory(date=NEXT)  # not counted: no trigger
    assert stored() == {DAY: 1}
    assert restore_sqlite_triggers()
    assert stored() == {DAY: 1, NEXT: 1}
    EventFactory(date=NEXT)
    assert stored() == {DAY: 1, NEXT: 2}


# The sitemap --------------------------------------------------------------------------------


def xml_of(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314  (our own response)


def sitemap(client) -> dict[str, list[str]]:
    """Each section's addresses, its pages read in the index's order and joined."""
    sections = {}
    for entry in xml_of(client, reverse("sitemap")).findall("sm:sitemap", NS):
        path = entry.find("sm:loc", NS).text.removeprefix("http://testserver")
        section = path.split("?")[0]
        urls = xml_of(client, path).findall("sm:url", NS)
        sections.setdefault(section, []).extend(
            url.find("sm:loc", NS).text.removeprefix("http://testserver") for url in urls
        )
    return sections


@pytest.fixture
def two_a_section(monkeypatch):
    monkeypatch.setattr(sitemaps.PublicSitemap, "limit", 2)


def test_sections_split_days_and_events_in_order_across_day_boundaries(client, two_a_section):
    days = [DAY + datetime.timedelta(days=n) for n in range(4)]
    events = [
        EventFactory(date=day, position=position)
        for day, many in zip(days, (3, 1, 2, 1), strict=True)
        for position in range(many)
    ]
    EventFactory(date=days[1], position=5, status=Event.Status.DRAFT)
    found = sitemap(client)
    assert found["/sitemap-events.xml"] == [event.get_absolute_url() for event in events]
    assert found["/sitemap-days.xml"] == [f"/news/2012/02/{day.day}/" for day in days]


def test_a_day_of_events_not_due_yet_shows_once_they_fall_due(client, two_a_section):
    soon = timezone.now() + datetime.timedelta(hours=1)
    public = [EventFactory(date=DAY, position=n) for n in range(3)]
    due = EventFactory(date=NEXT, status=Event.Status.SCHEDULED, publish_at=soon)
    also_due = EventFactory(date=DAY, position=9, status=Event.Status.SCHEDULED, publish_at=soon)
    assert stored() == {DAY: 4, NEXT: 1}  # they count, to be seen when due
    found = sitemap(client)
    assert found["/sitemap-events.xml"] == [event.get_absolute_url() for event in public]
    assert found["/sitemap-days.xml"] == ["/news/2012/02/8/"]
    with time_machine.travel(soon + datetime.timedelta(seconds=1)):
        found = sitemap(client)
    expected = [*public, also_due, due]
    assert found["/sitemap-events.xml"] == [event.get_absolute_url() for event in expected]
    assert found["/sitemap-days.xml"] == ["/news/2012/02/8/", "/news/2012/02/9/"]


def test_a_days_lastmod_is_its_latest_public_events_change(client):
    early, latest = EventFactory(date=DAY), EventFactory(date=DAY)
    draft = EventFactory(date=DAY, status=Event.Status.DRAFT)
    times = {early: (2012, 3, 1), latest: (2012, 5, 1), draft: (2012, 6, 1)}  # the draft last
    for event, (year, month, day) in times.items():
        changed = datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)
        Event.objects.filter(pk=event.pk).update(updated_at=changed)
    day = xml_of(client, "/sitemap-days.xml").find("sm:url", NS)
    assert day.find("sm:lastmod", NS).text.startswith("2012-05-01")


def sitemap_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_index_and_a_deep_section_ask_as_much_whatever_the_archive(client, two_a_section):
    for n in range(3):
        EventFactory(date=DAY + datetime.timedelta(days=n))
    small = [sitemap_queries(client, path) for path in ("/sitemap.xml", "/sitemap-events.xml?p=2")]
    for n in range(3, 30):
        EventFactory(date=DAY + datetime.timedelta(days=n))
    large = [sitemap_queries(client, path) for path in ("/sitemap.xml", "/sitemap-events.xml?p=9")]
    assert large == small
