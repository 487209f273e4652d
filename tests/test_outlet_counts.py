"""Each outlet's counts and written names are its own (sources.models.outlet_counts), kept by
the database from flags every write settles (events.models.outlet_flags), and right the
moment a scheduled event falls due with no write: pages read them instead of counting."""

import datetime
from collections import Counter, defaultdict

import pytest
import time_machine
from django.db import connection

from events.archive.importer import import_archive
from events.models import Event
from events.models.outlet_flags import not_yet_public_outlets
from sources.models import LinkState, Outlet, Source, WrittenName
from sources.models.outlet_counts import restore_sqlite_triggers
from sources.outlets import merge_outlets
from sources.signals import sources_changed
from tests.archive_files import event_text, write_archive
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2030, 5, 1, 12, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


def counted_from_sources() -> dict[str, tuple]:
    """By domain, counted source by source: (sources, dead links, public sources, public dead
    links, public events citing it, the names its public sources are written with)."""
    public = set(Event.objects.published().values_list("pk", flat=True))
    found = defaultdict(lambda: [0, 0, 0, 0, set(), Counter()])
    for event_id, domain, name, state in Source.objects.filter(outlet__isnull=False).values_list(
        "event_id", "outlet__domain", "name", "link_state"
    ):
        counts = found[domain]
        dead = state == LinkState.DEAD
        counts[0] += 1
        counts[1] += dead
        if event_id in public:
            counts[2] += 1
            counts[3] += dead
            counts[4].add(event_id)
            counts[5][name] += 1
    return {
        domain: (*counts[:4], len(counts[4]), dict(counts[5])) for domain, counts in found.items()
    }


def kept() -> dict[str, tuple]:
    """By domain, as kept, what the public sees now."""
    not_yet = not_yet_public_outlets()
    names = defaultdict(dict)
    for outlet_id, name, uses in WrittenName.objects.values_list("outlet_id", "name", "uses"):
        held = not_yet.get(outlet_id)
        uses -= held.names[name] if held else 0
        if uses:
            names[outlet_id][name] = uses
    found = {}
    for outlet in Outlet.objects.filter(source_count__gt=0):
        held = not_yet.get(outlet.pk)
        found[outlet.domain] = (
            outlet.source_count,
            outlet.dead_count,
            outlet.public_sources - (held.sources if held else 0),
            outlet.public_dead - (held.dead if held else 0),
            outlet.public_events - (held.events if held else 0),
            names[outlet.pk],
        )
    return found


def assert_counts_right():
    assert kept() == counted_from_sources()


def test_counts_follow_saves_publishing_deletes_and_moves():
    with time_machine.travel(NOW, tick=False):
        first = EventFactory()
        SourceFactory(event=first, url="https://www.bbc.co.uk/1", name="BBC")
        # Two sources of one outlet: the event counts once, both sources count.
        SourceFactory(event=first, url="https://www.bbc.co.uk/2", name="BBC News")
        draft = EventFactory(status=Event.Status.DRAFT)
        SourceFactory(event=draft, url="https://www.bbc.co.uk/3", name="Secret desk")
        assert_counts_right()
        assert kept()["bbc.co.uk"][:5] == (3, 0, 2, 0, 1)
        draft.status = Event.Status.PUBLISHED
        draft.save()
        assert kept()["bbc.co.uk"][:5] == (3, 0, 3, 0, 2)
        # A source's address moves it to another outlet.
        moved = Source.objects.get(url="https://www.bbc.co.uk/1")
        moved.url = "https://www.reuters.com/1"
        moved.save()
        assert_counts_right()
        assert kept()["reuters.com"][:5] == (1, 0, 1, 0, 1)
        assert kept()["bbc.co.uk"][:5] == (2, 0, 2, 0, 2)
        # Deleted one by one, or with its event.
        Source.objects.get(url="https://www.bbc.co.uk/2").delete()
        assert_counts_right()
        draft.delete()
        assert_counts_right()
        assert "bbc.co.uk" not in kept()


def test_the_first_source_of_an_outlet_going_leaves_the_event_counted_by_the_next():
    event = EventFactory()
    SourceFactory(event=event, url="https://www.bbc.co.uk/1")
    SourceFactory(event=event, url="https://www.bbc.co.uk/2")
    Source.objects.filter(url="https://www.bbc.co.uk/1").get().delete()
    assert_counts_right()
    assert Outlet.objects.get(domain="bbc.co.uk").public_events == 1


def test_dead_links_found_by_a_bulk_update_count():
    event = EventFactory()
    source = SourceFactory(event=event, url="https://www.bbc.co.uk/1")
    Source.objects.filter(pk=source.pk).update(link_state=LinkState.DEAD)
    sources_changed.send(Source, event_ids=[event.pk], shown_by_api=False)
    assert_counts_right()
    assert kept()["bbc.co.uk"][:5] == (1, 1, 1, 1, 1)


def test_a_merge_counts_an_event_citing_both_outlets_once():
    event = EventFactory()
    SourceFactory(event=event, url="https://www.bbc.co.uk/1", name="BBC")
    SourceFactory(event=event, url="https://www.bbc.com/1", name="BBC News")
    SourceFactory(url="https://www.bbc.com/2", name="BBC News")
    kept_outlet = Outlet.objects.get(domain="bbc.co.uk")
    merge_outlets(Outlet.objects.get(domain="bbc.com"), kept_outlet)
    assert_counts_right()
    assert kept()["bbc.co.uk"][4:] == (2, {"BBC": 1, "BBC News": 2})


def test_a_scheduled_event_counts_when_it_falls_due_with_no_write(client):
    with time_machine.travel(NOW, tick=False):
        SourceFactory(url="https://www.bbc.co.uk/1", name="BBC")
        later = EventFactory(status=Event.Status.SCHEDULED, publish_at=NOW + HOUR)
        for n in range(3):  # its name would win if it counted now
            SourceFactory(event=later, url=f"https://www.bbc.co.uk/later/{n}", name="Embargoed")
        SourceFactory(event=later, url="https://www.reuters.com/1", name="Reuters")
        assert_counts_right()
        page = client.get("/outlets/").content.decode()
        assert "Embargoed" not in page and "/outlets/reuters.com/" not in page
        assert client.get("/outlets/reuters.com/").status_code == 404
        assert client.get("/api/v1/outlets/bbc.co.uk").json()["count"] == 1
    with time_machine.travel(NOW + 2 * HOUR, tick=False):
        assert_counts_right()
        page = client.get("/outlets/").content.decode()
        assert 'href="/outlets/bbc.co.uk/">Embargoed</a> <span class="count">2 events' in page
        assert client.get("/outlets/reuters.com/").status_code == 200
        assert client.get("/api/v1/outlets/bbc.co.uk").json()["count"] == 2


def test_imports_write_the_flags_and_reimports_keep_them(tmp_path):
    cited = ("1. [BBC](http://www.bbc.co.uk/news/1)", "2. [BBC News](http://www.bbc.co.uk/2)")
    second = {"date": "2012-03-01", "folder": "/news/2012/03/1", "headline": "Second."}
    files = {
        "news/2012/02/8/first.md": event_text(sources=cited),
        "news/2012/03/1/second.md": event_text(**second),
    }
    write_archive(tmp_path, files)
    import_archive(tmp_path)
    assert_counts_right()
    assert kept()["bbc.co.uk"] == (3, 0, 3, 0, 2, {"BBC": 2, "BBC News": 1})
    # A changed file: its event's sources follow it, their flags set as the change settles.
    changed = event_text(**second, sources=("1. [Reuters](https://www.reuters.com/1)",))
    write_archive(tmp_path, {"news/2012/03/1/second.md": changed})
    import_archive(tmp_path)
    assert_counts_right()
    assert kept()["bbc.co.uk"][4] == 1 and kept()["reuters.com"][4] == 1


def test_an_outlet_read_before_its_sources_changed_saves_without_its_old_counts():
    SourceFactory(url="https://www.bbc.co.uk/1")
    outlet = Outlet.objects.get(domain="bbc.co.uk")
    SourceFactory(url="https://www.bbc.co.uk/2")
    outlet.name = "The BBC"
    outlet.save()
    assert_counts_right()
    assert Outlet.objects.get(domain="bbc.co.uk").public_events == 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables to alter them")
def test_triggers_lost_to_a_table_rebuild_come_back_with_the_counts():
    SourceFactory(url="https://www.bbc.co.uk/1")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER outlet_counts_after_insert")
    SourceFactory(url="https://www.bbc.co.uk/2")  # not counted: no trigger
    assert kept() != counted_from_sources()
    assert restore_sqlite_triggers()
    assert_counts_right()
    SourceFactory(url="https://www.bbc.co.uk/3")
    assert_counts_right()


@pytest.mark.parametrize("events", [2, 20])
def test_the_outlet_pages_count_no_sources(client, django_assert_num_queries, events):
    """The outlet index's and an outlet's statements are the same however many events cite
    it."""
    for n in range(events):
        SourceFactory(url=f"https://www.bbc.co.uk/{n}")
    # the events due later, the page, its count, the written names, the merged domains,
    # the cache lifetime
    with django_assert_num_queries(6):
        assert client.get("/outlets/").status_code == 200
    # the outlet, the events due later, the written names, the merged domains, the page of
    # events, their sources and topics (one statement), the cache lifetime
    with django_assert_num_queries(7):
        assert client.get("/outlets/bbc.co.uk/").status_code == 200
