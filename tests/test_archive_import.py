"""Importing archive folders: data, order, topics, links, idempotency, refusals, dry runs."""

import datetime
import re
import shutil

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.archive.importer import import_archive
from events.models import Event, Related, Topic
from events.public.queries.event import topics_of
from sources.models import Source
from tests.archive_files import SEED_DIR, SEED_SLUG, event_text, write_archive
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def shown_topics(event) -> list[str]:
    """The topics the event's public page shows."""
    return [topic.name for topic in topics_of(event.pk)]


def writes_in(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


@pytest.fixture
def seed_archive(tmp_path):
    shutil.copytree(SEED_DIR, tmp_path / "news" / "2012" / "02" / "8")
    return tmp_path


def link(day: int, slug: str, context: str, headline: str = "Target") -> str:
    return f"1. [{headline} ](/news/2012/03/{day}/{slug}.md) _Context: {context}_"


def test_seed_event_imports_with_every_part(seed_archive):
    report = import_archive(seed_archive)
    assert (report.created, report.updated, report.unchanged, report.refused) == (1, 0, 0, [])
    event = Event.objects.get()
    assert (event.date, event.slug, event.status) == (
        datetime.date(2012, 2, 8),
        SEED_SLUG,
        Event.Status.PUBLISHED,
    )
    assert event.archive_path == f"/news/2012/02/8/{SEED_SLUG}.md"
    assert event.summary.startswith("A top Chinese policeman")
    assert event.cover_image_url.endswith("_58373831_013943116-1.jpg")
    (source,) = event.sources.all()
    assert (source.name, source.snapshot_title) == (
        "BBC",
        "Chongqing policeman Wang Lijun mystery deepens",
    )
    assert source.snapshot_text.startswith("Wang Lijun, pictured on 7 January 2012")
    links = list(event.related_links.all())
    assert len(links) == 5 and all(link.target is None for link in links)
    assert links[3].target_headline.startswith("Chen Min'er replaces Sun Zhengcai")
    assert links[3].context == "Chongqing"
    assert sorted(event.topics.names()) == ["Chongqing", "Wang Lijun"]


def test_second_run_over_an_unchanged_archive_writes_nothing(seed_archive):
    import_archive(seed_archive)
    with CaptureQueriesContext(connection) as queries:
        report = import_archive(seed_archive)
    assert writes_in(queries) == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert report.wrote_nothing


def test_changed_file_updates_its_event_in_place(tmp_path):
    path = "news/2012/03/1/story.md"
    write_archive(
        tmp_path,
        {
            path: event_text(
                date="2012-03-1",
                folder="/news/2012/03/1",
                sources=["1. [BBC](https://bbc.co.uk/1)", "1. [AP](https://ap.org/1)"],
                related=[link(9, "gone", "Old topic")],
            )
        },
    )
    import_archive(tmp_path)
    event = Event.objects.get()
    event.status = Event.Status.DRAFT  # an editor unpublished it meanwhile
    event.save()
    write_archive(
        tmp_path,
        {
            path: event_text(
                date="2012-03-1",
                folder="/news/2012/03/1",
                headline="Something else happens.",
                sources=["1. [Reuters](https://reuters.com/2)"],
                related=[link(8, "other", "New topic, Second")],
            )
        },
    )
    report = import_archive(tmp_path)
    assert (report.created, report.updated) == (0, 1)
    updated = Event.objects.get()
    assert updated.pk == event.pk
    assert updated.headline == "Something else happens."
    assert updated.status == Event.Status.DRAFT
    assert updated.lock_version > event.lock_version
    assert [s.name for s in updated.sources.all()] == ["Reuters"]
    assert [r.target_path for r in updated.related_links.all()] == ["/news/2012/03/8/other.md"]
    assert sorted(updated.topics.names()) == ["New topic", "Second"]
    assert Source.objects.count() == 1 and Related.objects.count() == 1


def test_dangling_link_resolves_when_a_later_import_brings_its_target(tmp_path):
    write_archive(
        tmp_path / "first",
        {
            "news/2012/03/1/a.md": event_text(
                date="2012-03-1", folder="/news/2012/03/1", related=[link(2, "b", "Shared, Only A")]
            )
        },
    )
    import_archive(tmp_path / "first")
    assert Related.objects.get().target is None
    write_archive(
        tmp_path / "second",
        {"news/2012/03/2/b.md": event_text(date="2012-03-2", folder="/news/2012/03/2")},
    )
    report = import_archive(tmp_path / "second")
    target = Event.objects.get(slug="b")
    assert Related.objects.get().target == target
    assert report.links_resolved == 1
    # Given by A's link (A is public): on B's page, not among B's own topics.
    assert shown_topics(target) == ["Only A", "Shared"]
    assert list(target.topics.names()) == []


def import_waiting_links(tmp_path, monkeypatch, more_context: str = ""):
    """Five events a{k} on one day, each linking to b{k} the next day (context T{k}, then
    `more_context`), imported a batch per file: every link waits for the last step. The
    import's statements and report."""
    monkeypatch.setattr("events.archive.importer.FLUSH_EVERY", 1)
    files = {}
    for k in range(1, 6):
        files[f"news/2012/03/1/a{k}.md"] = event_text(
            date="2012-03-1",
            folder="/news/2012/03/1",
            related=[link(2, f"b{k}", f"T{k}{more_context}")],
        )
        files[f"news/2012/03/2/b{k}.md"] = event_text(date="2012-03-2", folder="/news/2012/03/2")
    write_archive(tmp_path, files)
    with CaptureQueriesContext(connection) as queries:
        report = import_archive(tmp_path)
    return queries, report


@pytest.mark.django_db(transaction=True)  # the batches commit: the run notes what they leave
def test_waiting_links_resolve_a_span_per_write_and_move_each_change_time_once(
    tmp_path, monkeypatch
):
    """The last step resolves the links that waited for later batches a span of link ids
    per write (memory holds one span's gifts), in one transaction: every link found, every
    topic given and counted, and each linking event's change time moved once, at the end."""
    monkeypatch.setattr("events.links.LINKS_PER_WRITE", 2)
    queries, report = import_waiting_links(tmp_path, monkeypatch, ", All")
    assert report.links_resolved == 5
    for k in range(1, 6):
        target = Event.objects.get(slug=f"b{k}")
        assert Related.objects.get(event__slug=f"a{k}").target == target
        assert shown_topics(target) == ["All", f"T{k}"]
    counts = Topic.objects.filter(name="All").values_list("events_count", "public_count")
    assert list(counts) == [(10, 10)]  # five linking, five given
    givers = Event.objects.filter(slug__startswith="a")
    assert len({event.updated_at for event in givers}) == 1
    updates = [sql for sql in writes_in(queries.captured_queries) if sql.startswith("UPDATE")]
    touches = [sql for sql in updates if "updated_at" in sql.split("WHERE")[0]]
    assert len(touches) == 1, touches


@pytest.mark.django_db(transaction=True)  # the batches commit: the run notes what they leave
def test_change_times_left_to_the_end_move_a_write_per_span_each_once(tmp_path, monkeypatch):
    """The change times the batches left to the end move a write per MOVED_PER_WRITE events
    (no write's record holds every id of a million-event import): each event's once."""
    monkeypatch.setattr("events.archive.importer.MOVED_PER_WRITE", 2)
    queries, _report = import_waiting_links(tmp_path, monkeypatch)
    # Every event changed after its batch: the linking ones' links resolved, their targets
    # were given topics.
    changed = sorted(Event.objects.values_list("id", flat=True))
    updates = [sql for sql in writes_in(queries.captured_queries) if sql.startswith("UPDATE")]
    touches = [sql for sql in updates if "updated_at" in sql.split("WHERE")[0]]
    assert len(touches) == 5, touches  # ten events, two a write
    moved = [int(pk) for sql in touches for pk in re.findall(r"\b(\d+)\b", sql.split("WHERE")[1])]
    assert sorted(moved) == changed


def test_links_within_one_import_resolve_both_ways(tmp_path):
    write_archive(
        tmp_path,
        {
            "news/2012/03/1/a.md": event_text(
                date="2012-03-1", folder="/news/2012/03/1", related=[link(2, "b", "Forward")]
            ),
            "news/2012/03/2/b.md": event_text(
                date="2012-03-2",
                folder="/news/2012/03/2",
                related=["1. [A ](/news/2012/03/1/a.md) _Context: Backward_"],
            ),
        },
    )
    import_archive(tmp_path)
    a, b = Event.objects.get(slug="a"), Event.objects.get(slug="b")
    assert a.related_links.get().target == b
    assert b.related_links.get().target == a
    assert shown_topics(a) == ["Backward", "Forward"]
    assert shown_topics(b) == ["Backward", "Forward"]


def index_listing(*slugs: str) -> str:
    lines = [f"{n}. [{s}](/news/2012/03/1/{s}.md)" for n, s in enumerate(slugs, start=1)]
    return "# 2012-03-1\n\n" + "\n".join(lines) + "\n"


def test_day_order_follows_index_then_file_names(tmp_path):
    day = {"date": "2012-03-1", "folder": "/news/2012/03/1"}
    write_archive(
        tmp_path,
        {
            "news/2012/03/1/index.md": index_listing("c", "a"),
            "news/2012/03/1/a.md": event_text(**day),
            "news/2012/03/1/b.md": event_text(**day),
            "news/2012/03/1/c.md": event_text(**day),
            "news/2012/03/1/d.md": event_text(**day),
        },
    )
    import_archive(tmp_path)
    assert list(Event.objects.order_by("position").values_list("slug", flat=True)) == [
        "c",
        "a",
        "b",
        "d",
    ]


def test_reordered_index_updates_positions(tmp_path):
    day = {"date": "2012-03-1", "folder": "/news/2012/03/1"}
    files = {"news/2012/03/1/a.md": event_text(**day), "news/2012/03/1/b.md": event_text(**day)}
    write_archive(tmp_path, files)
    import_archive(tmp_path)
    write_archive(
        tmp_path,
        {
            "news/2012/03/1/index.md": index_listing("b", "a"),
        },
    )
    report = import_archive(tmp_path)
    assert report.updated == 2
    assert list(Event.objects.order_by("position").values_list("slug", flat=True)) == ["b", "a"]


BAD_FILES = {
    "news/2012/03/1/empty.md": b"",
    "news/2012/03/1/binary.md": b"\x89PNG\r\n\x1a\n\x00\x00",
    "news/2012/03/1/latin1.md": event_text(date="2012-03-1", folder="/news/2012/03/1")
    .encode()
    .replace(b"happens", b"h\xe4ppens"),
    "news/2012/03/1/wrong-date.md": event_text(date="2012-03-2", folder="/news/2012/03/2"),
    "news/2012/03/1/no-headline.md": "### [2012-03-1](/news/2012/03/1/index.md)\n\nJust words.\n",
    "news/2012/02/30/impossible.md": event_text(date="2012-02-30", folder="/news/2012/02/30"),
    "news/2012/03/misplaced.md": event_text(date="2012-03-1", folder="/news/2012/03/1"),
}


def test_bad_files_are_refused_with_reasons_and_the_rest_imports(tmp_path):
    good = {
        "news/2012/03/1/good.md": event_text(
            date="2012-03-1",
            folder="/news/2012/03/1",
            sources=["1. [BBC](https://bbc.co.uk/1)", "1. [Evil](javascript:alert(1))"],
        )
    }
    write_archive(tmp_path, {**BAD_FILES, **good})
    report = import_archive(tmp_path)
    refused = {problem.path: problem.reason for problem in report.refused}
    assert set(refused) == set(BAD_FILES)
    assert refused["news/2012/03/1/empty.md"] == "empty file"
    assert refused["news/2012/03/1/binary.md"].startswith("binary file")
    assert refused["news/2012/03/1/latin1.md"].startswith("not UTF-8")
    assert refused["news/2012/03/1/wrong-date.md"].startswith("date line says 2012-03-02")
    assert refused["news/2012/03/1/no-headline.md"].startswith("missing headline")
    assert refused["news/2012/02/30/impossible.md"] == "the folder is not a possible date"
    assert refused["news/2012/03/misplaced.md"] == "not in a news/YYYY/MM/D/ folder"
    assert list(Event.objects.values_list("slug", flat=True)) == ["good"]
    assert [s.name for s in Source.objects.all()] == ["BBC"]
    (warning,) = report.warnings
    assert str(warning).startswith("news/2012/03/1/good.md:11: source URL refused")


def test_two_folders_of_one_day_cannot_both_hold_a_slug(tmp_path):
    """`03/1` and `3/01` are the same day: the second file of a slug is refused; the same slug
    on another day is not."""
    one_day = {"date": "2012-03-1", "folder": "/news/2012/03/1"}
    write_archive(
        tmp_path,
        {
            "news/2012/03/1/twice.md": event_text(**one_day),
            "news/2012/3/01/twice.md": event_text(**one_day),
            "news/2012/3/01/once.md": event_text(**one_day),
            "news/2012/03/2/twice.md": event_text(date="2012-03-2", folder="/news/2012/03/2"),
        },
    )
    report = import_archive(tmp_path)
    assert [str(p) for p in report.refused] == [
        "news/2012/3/01/twice.md:1: same date and slug as news/2012/03/1/twice.md"
    ]
    assert sorted(Event.objects.values_list("archive_path", flat=True)) == [
        "/news/2012/03/1/twice.md",
        "/news/2012/03/2/twice.md",
        "/news/2012/3/01/once.md",
    ]


def test_slug_taken_by_an_editors_event_is_refused(tmp_path):
    EventFactory(date=datetime.date(2012, 3, 1), slug="clash", status=Event.Status.DRAFT)
    write_archive(
        tmp_path,
        {
            "news/2012/03/1/clash.md": event_text(date="2012-03-1", folder="/news/2012/03/1"),
            "news/2012/03/1/fine.md": event_text(date="2012-03-1", folder="/news/2012/03/1"),
        },
    )
    report = import_archive(tmp_path)
    (problem,) = report.refused
    assert problem.path == "news/2012/03/1/clash.md"
    assert "already has date 2012-03-01 and slug 'clash'" in problem.reason
    assert report.created == 1


def test_dry_run_checks_everything_and_writes_nothing(seed_archive):
    write_archive(seed_archive, {"news/2012/03/1/empty.md": b""})
    with CaptureQueriesContext(connection) as queries:
        report = import_archive(seed_archive, dry_run=True)
    assert writes_in(queries) == []
    assert (report.created, len(report.refused)) == (1, 1)
    assert not Event.objects.exists()


def test_only_limits_the_import_to_part_of_the_archive(tmp_path):
    write_archive(
        tmp_path,
        {
            "news/2012/02/8/a.md": event_text(),
            "news/2012/03/1/b.md": event_text(date="2012-03-1", folder="/news/2012/03/1"),
            "news/2013/03/1/c.md": event_text(date="2013-03-1", folder="/news/2013/03/1"),
        },
    )
    assert import_archive(tmp_path, only="2012/03").created == 1
    assert list(Event.objects.values_list("slug", flat=True)) == ["b"]
    assert import_archive(tmp_path, only="2012").created == 1
    assert Event.objects.count() == 2


def test_events_gone_from_the_archive_are_reported_not_deleted(tmp_path):
    files = {"news/2012/03/1/a.md": event_text(date="2012-03-1", folder="/news/2012/03/1")}
    write_archive(tmp_path, files)
    import_archive(tmp_path)
    (tmp_path / "news/2012/03/1/a.md").unlink()
    report = import_archive(tmp_path)
    assert report.missing == ["/news/2012/03/1/a.md"]
    assert Event.objects.filter(slug="a").exists()


def test_snapshot_for_a_source_the_event_lacks_is_a_warning(seed_archive):
    write_archive(seed_archive, {f"news/2012/02/8/{SEED_SLUG}.source-2.txt": "Title\n\nText"})
    report = import_archive(seed_archive)
    assert report.created == 1
    assert [p.reason for p in report.warnings] == [
        "snapshot of source 2, but the event has 1; ignored"
    ]
