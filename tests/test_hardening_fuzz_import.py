"""Fuzzed import: hostile archive files never crash the import, every refused file is named
with a reason, and an event is in the database whole (all its sources, links and topics, as
its file says) or not at all.

Case counts come from the hypothesis profile (tests/conftest.py): "ci" for `make test`,
"stress" for `make stress`. Most cases call the parser directly (fast); the importer runs on
small archives of mutated files, each checked against a fresh parse of its files.
"""

import datetime
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.db import transaction
from django.urls import resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from events.archive.document import Problem
from events.archive.importer import import_archive
from events.archive.limits import limits
from events.archive.parser import (
    Refused,
    parse_event_file,
    parse_index_order,
    parse_snapshot,
)
from events.archive.renderer import render_event
from events.models import Event, Related, split_context
from newsroom.validators import http_url_problem
from tests import fuzz_strategies as fuzz

# Fuzz cases per `max_examples` of the profile: "ci" (100) runs 500, "stress" (2,000) 10,000.
CASES_PER_EXAMPLE = 5
# Their share per test: the parser is fast, the importer writes to the database.
PARSER_SHARE, SNAPSHOT_SHARE, IMPORT_SHARE, INTACT_SHARE = 0.7, 0.1, 0.15, 0.05
EVENT_PATH = re.compile(r"/news/(\d{4})/(\d{1,2})/(\d{1,2})/([^/]+)\.md", re.ASCII)


def cases(share: float) -> int:
    return max(1, round(settings.default.max_examples * CASES_PER_EXAMPLE * share))


def share_of_profile(share: float):
    return settings(
        max_examples=cases(share),
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )


# --- the parser on its own -----------------------------------------------------------------


def check_problem(problem: Problem, path: str, data: bytes) -> None:
    """A refusal or warning names the file, a line of it, and a reason."""
    assert problem.path == path
    assert 1 <= problem.line <= data.count(b"\n") + data.count(b"\r") + 1
    assert problem.reason.strip()
    assert str(problem) == f"{path}:{problem.line}: {problem.reason}"


def check_storable(event, date: datetime.date, slug: str) -> None:
    """Everything a parsed event holds fits its database field and is safe to link."""
    lim = limits()
    assert (event.date, event.slug) == (date, slug)
    assert event.headline.strip(" \t") and "\n" not in event.headline
    assert len(event.headline) <= lim.headline
    urls = [source.url for source in event.sources]
    urls += [event.cover_url] if event.cover_url else []
    for url in urls:
        assert http_url_problem(url) is None, url
        assert len(url) <= lim.url
    for source in event.sources:
        assert source.name and len(source.name) <= lim.source_name
    for link in event.related:
        assert link.path
        assert len(link.headline) <= lim.related_headline
        assert len(link.path) <= lim.related_path
        assert len(link.context) <= lim.context


@share_of_profile(PARSER_SHARE)
@given(fuzz.event_files())
def test_parser_refuses_or_reads_every_mutated_file(case):
    original, slug, data = case
    path = f"{original.folder}/{slug}.md"
    result = parse_event_file(data, path, original.date, slug)
    assert (result.event is None) != (result.refusal is None)
    if result.refusal:
        check_problem(result.refusal, path, data)
        assert result.warnings == []
        return
    for warning in result.warnings:
        check_problem(warning, path, data)
    check_storable(result.event, original.date, slug)
    # What is stored exports in canonical form and reads back the same: nothing is lost.
    again = parse_event_file(render_event(result.event).encode(), path, original.date, slug)
    assert (again.refusal, again.warnings) == (None, [])
    assert again.event == result.event


@share_of_profile(SNAPSHOT_SHARE)
@given(fuzz.snapshots, fuzz.index_files)
def test_snapshots_and_day_indexes_never_crash_the_parser(snapshot, index):
    try:
        parsed = parse_snapshot(snapshot)
    except Refused as refusal:
        assert refusal.line >= 1 and refusal.reason
    else:
        assert "\n" not in parsed.title and "\x00" not in parsed.text
    assert all(isinstance(slug, str) and slug for slug in parse_index_order(index))


# --- the importer on small archives --------------------------------------------------------


def folder_date(relpath: str) -> datetime.date | None:
    parts = relpath.split("/")
    if len(parts) != 5 or not all(part.isdigit() and part.isascii() for part in parts[1:4]):
        return None
    try:
        return datetime.date(int(parts[1]), int(parts[2]), int(parts[3]))
    except ValueError:
        return None


def expected_snapshots(archive, relpath: str, event) -> list[tuple[str, str]]:
    """(title, text) per source: from `<slug>.source-N.txt` where it reads, else empty."""
    found = []
    for number in range(1, len(event.sources) + 1):
        data = archive.files.get(f"{relpath[:-3]}.source-{number}.txt")
        snapshot = None
        if data is not None:
            try:
                snapshot = parse_snapshot(data)
            except Refused:
                snapshot = None
        if snapshot and len(snapshot.title) <= limits().snapshot_title:
            found.append((snapshot.title, snapshot.text))
        else:
            found.append(("", ""))
    return found


def stored(event: Event) -> dict:
    return {
        "date": event.date,
        "slug": event.slug,
        "headline": event.headline,
        "summary": event.summary,
        "cover": (event.cover_image_url, event.cover_position),
        "sources": [
            (s.name, s.url, s.snapshot_title, s.snapshot_text) for s in event.sources.all()
        ],
        "related": [
            (r.target_headline, r.target_path, r.context) for r in event.related_links.all()
        ],
    }


def from_file(archive, relpath: str, parsed) -> dict:
    snapshots = expected_snapshots(archive, relpath, parsed)
    return {
        "date": parsed.date,
        "slug": parsed.slug,
        "headline": parsed.headline,
        "summary": parsed.summary,
        "cover": (parsed.cover_url, parsed.cover_position),
        "sources": [
            (s.name, s.url, *snapshot)
            for s, snapshot in zip(parsed.sources, snapshots, strict=True)
        ],
        "related": [(r.headline, r.path, r.context) for r in parsed.related],
    }


def database_state() -> dict[str, dict]:
    events = Event.objects.prefetch_related("sources", "related_links", "topics")
    state = {}
    for event in events:
        row = stored(event)
        row["topics"] = sorted(event.topics.names())
        row["links_to"] = [r.target_id and r.target.archive_path for r in event.related_links.all()]
        state[event.archive_path] = row
    return state


def check_imported(archive, report, client) -> None:
    refused: dict[str, list[Problem]] = {}
    for problem in report.refused:
        check_problem(problem, problem.path, archive.files.get(problem.path, b""))
        refused.setdefault(problem.path, []).append(problem)
    for problem in report.warnings:
        assert problem.line >= 1 and problem.reason.strip()
    assert set(refused) <= set(archive.event_paths), "a refusal names a file not in the archive"
    events = {e.archive_path: e for e in Event.objects.prefetch_related("sources", "related_links")}
    assert report.created == len(events)
    for relpath in archive.event_paths:
        event = events.get(f"/{relpath}")
        if event is None:
            assert len(refused.get(relpath, [])) == 1, f"{relpath} neither imported nor refused"
            continue
        assert relpath not in refused
        date = folder_date(relpath.rsplit("/", 1)[0] + "/x")
        slug = relpath.rsplit("/", 1)[1][:-3]
        parsed = parse_event_file(archive.files[relpath], relpath, date, slug)
        assert parsed.refusal is None, f"imported although the parser refuses it: {parsed.refusal}"
        assert stored(event) == from_file(archive, relpath, parsed.event)
        check_public_page(client, event)
    check_links_and_topics()


def check_public_page(client, event: Event) -> None:
    """An imported event has a working address: it resolves back to the event and shows."""
    url = event.get_absolute_url()
    assert resolve(unquote(url)).kwargs["slug"] == event.slug
    response = client.get(url)
    assert response.status_code == 200
    assert f"<h1>{escape(event.headline)}</h1>" in response.content.decode()


def check_links_and_topics() -> None:
    """Links point at the event their path names; topics are exactly the contexts that
    name the event: those of its own links and those of links that point at it."""
    by_key = {(e.date, e.slug): e.pk for e in Event.objects.only("date", "slug")}
    expected_topics = {pk: set() for pk in by_key.values()}
    for link in Related.objects.all():
        match = EVENT_PATH.fullmatch(link.target_path)
        target = None
        if match:
            year, month, day, slug = match.groups()
            try:
                target = by_key.get((datetime.date(int(year), int(month), int(day)), slug))
            except ValueError:
                target = None
        assert link.target_id == target, link.target_path
        names = {name for name in split_context(link.context) if len(name) <= limits().topic_name}
        expected_topics[link.event_id] |= names
        if target:
            expected_topics[target] |= names
    for event in Event.objects.prefetch_related("topics"):
        assert set(event.topics.names()) == expected_topics[event.pk], event.archive_path


@pytest.mark.django_db
@share_of_profile(IMPORT_SHARE)
@given(archive=fuzz.archives())
def test_import_of_mutated_archives_is_whole_or_refused(archive, tmp_path_factory, admin_client):
    # Staff get freshly rendered pages: no cached page of an earlier case can stand in.
    client = admin_client
    root = archive.write(Path(tmp_path_factory.mktemp("archive")))
    with transaction.atomic():
        report = import_archive(root)
        check_imported(archive, report, client)
        before = database_state()
        again = import_archive(root)
        assert (again.created, again.updated) == (0, 0)
        assert again.unchanged == report.created
        assert {p.path for p in again.refused} == {p.path for p in report.refused}
        assert database_state() == before
        transaction.set_rollback(True)


@pytest.mark.django_db
@share_of_profile(INTACT_SHARE)
@given(data=st.data())
def test_import_of_intact_files_with_a_hostile_one_keeps_the_intact_ones(data, tmp_path_factory):
    """One broken file never takes the good ones of its batch down with it."""
    good = data.draw(st.lists(st.sampled_from(fuzz.real_files()), min_size=2, max_size=6))
    good = {f"{f.folder}/{f.slug}.md": f.data for f in good}
    bad_original = data.draw(st.sampled_from(fuzz.real_files()))
    bad_path = f"{bad_original.folder}/zz-broken.md"
    archive = fuzz.FuzzArchive({**good, bad_path: data.draw(fuzz.mutated(bad_original.data))})
    root = archive.write(Path(tmp_path_factory.mktemp("archive")))
    with transaction.atomic():
        report = import_archive(root)
        imported = set(Event.objects.values_list("archive_path", flat=True))
        assert {f"/{path}" for path in good} <= imported
        assert report.refused == [] or [p.path for p in report.refused] == [bad_path]
        transaction.set_rollback(True)
