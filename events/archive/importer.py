"""Import the markdown archive: idempotent, keyed on each file's archive path.

Each file is checked completely before anything is written, so a refused file writes nothing;
valid files are written in batches, each batch one transaction. Should a batch still fail in
the database, its files are retried one transaction each, so one bad file never takes others
down with it.
"""

import hashlib
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, connection

from events.links import resolve_pending_links
from events.models import Event, split_context
from events.public_version import bump_public_version
from events.sql import refresh_planner_statistics

from .discovery import DayFolder, find_day_folders, in_scope, misplaced_files, parse_only
from .document import Problem
from .limits import limits
from .lock import import_lock
from .parser import Refused, parse_event_file, parse_index_order, parse_snapshot
from .writer import PreparedEvent, write_batch

FLUSH_EVERY = 2000
# SQLite settings for the length of an import: a larger page cache, and fewer WAL checkpoints
# (each one copies and syncs the pages written since the last).
SQLITE_IMPORT_PRAGMAS = {"cache_size": -65536, "wal_autocheckpoint": 20000}


@dataclass
class ImportReport:
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    links_resolved: int = 0

    @property
    def files(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.refused)

    @property
    def wrote_nothing(self) -> bool:
        return self.dry_run or not (self.created or self.updated or self.links_resolved)


class ArchiveImport:
    """One run over an archive folder. Use `import_archive()`."""

    def __init__(self, root: Path, only: str | None, dry_run: bool, progress: Callable | None):
        self.root = Path(root)
        self.only = parse_only(only)
        self.report = ImportReport(dry_run=dry_run)
        self.progress = progress or (lambda count: None)
        self.ids_by_path: dict[str, int] = {}
        self.known = self._known_events()
        self.topic_cache: dict[str, int] = {}
        self.claimed: dict[tuple, str] = {}
        self.pending: list[PreparedEvent] = []

    def run(self) -> ImportReport:
        if not self.only:
            self.report.refused.extend(misplaced_files(self.root))
        seen = set()
        for folder in find_day_folders(self.root, self.only):
            for prepared in self._folder(folder):
                seen.add(prepared)
            self.progress(len(folder.events))
        self._flush()
        if not self.report.dry_run:
            self.report.links_resolved = resolve_pending_links()
        self.report.missing = sorted(set(self.known) - seen)
        return self.report

    def _known_events(self) -> dict[str, tuple[int, str]]:
        """Events imported before, within the scope of this run: path -> (id, digest).

        Also fills `ids_by_path` for every imported event, the targets links resolve to.
        """
        rows = Event.objects.exclude(archive_path=None).values_list(
            "archive_path", "id", "archive_digest", "date"
        )
        known = {}
        for path, event_id, digest, date in rows.iterator(chunk_size=5000):
            self.ids_by_path[path] = event_id
            if in_scope(date, self.only):
                known[path] = (event_id, digest)
        return known

    def _folder(self, folder: DayFolder):
        """Check each event file of one day; yield the archive path of every file seen."""
        for name in folder.stray:
            self.report.warnings.append(
                Problem(f"{folder.relpath}/{name}", 1, "unknown file; ignored")
            )
        for position, slug in enumerate(_day_order(folder)):
            path = folder.event_path(slug)
            yield path
            self._file(folder, slug, position, path)
        for slug in sorted(set(folder.snapshots) - set(folder.events)):
            rel = f"{folder.relpath}/{slug}.source-N.txt"
            self.report.warnings.append(Problem(rel, 1, "snapshot without its event file; ignored"))

    def _file(self, folder: DayFolder, slug: str, position: int, path: str):
        rel = path.lstrip("/")
        if folder.date is None:
            self.report.refused.append(Problem(rel, 1, "the folder is not a possible date"))
            return
        data = folder.events[slug].read_bytes()
        snapshots = {n: p.read_bytes() for n, p in sorted(folder.snapshots.get(slug, {}).items())}
        digest = _digest(data, snapshots, position)
        existing_id, old_digest = self.known.get(path, (None, None))
        if digest == old_digest:
            self.report.unchanged += 1
            return
        prepared = self._prepare(rel, data, snapshots, folder, slug)
        if prepared is None:
            return
        prepared.archive_path, prepared.digest, prepared.position = path, digest, position
        prepared.existing_id = existing_id
        self.pending.append(prepared)
        if len(self.pending) >= FLUSH_EVERY:
            self._flush()

    def _prepare(self, rel, data, snapshots, folder, slug) -> PreparedEvent | None:
        result = parse_event_file(data, rel, folder.date, slug)
        if result.refusal:
            self.report.refused.append(result.refusal)
            return None
        self.report.warnings.extend(result.warnings)
        event = result.event
        key = (event.date, event.slug)
        if key in self.claimed:
            reason = f"same date and slug as {self.claimed[key]}"
            self.report.refused.append(Problem(rel, 1, reason))
            return None
        self.claimed[key] = rel
        self._attach_snapshots(rel, event, snapshots)
        prepared = PreparedEvent(archive_path="", digest="", position=0, event=event)
        prepared.topic_names = self._topic_names(rel, event)
        return prepared

    def _attach_snapshots(self, rel, event, snapshots: dict[int, bytes]):
        for number, data in snapshots.items():
            name = f"{rel[:-3]}.source-{number}.txt"
            if number > len(event.sources):
                reason = f"snapshot of source {number}, but the event has {len(event.sources)}"
                self.report.warnings.append(Problem(name, 1, reason + "; ignored"))
                continue
            try:
                snapshot = parse_snapshot(data)
            except Refused as refusal:
                self.report.warnings.append(
                    Problem(name, refusal.line, refusal.reason + "; ignored")
                )
                continue
            if len(snapshot.title) > limits().snapshot_title:
                self.report.warnings.append(Problem(name, 1, "snapshot title too long; ignored"))
                continue
            event.sources[number - 1].snapshot = snapshot

    def _topic_names(self, rel, event) -> list[str]:
        names = []
        for link in event.related:
            for name in split_context(link.context):
                if len(name) > limits().topic_name:
                    reason = f"topic longer than {limits().topic_name} characters not added"
                    self.report.warnings.append(Problem(rel, 1, reason))
                elif name not in names:
                    names.append(name)
        return names

    def _flush(self):
        batch, self.pending = self.pending, []
        if not batch:
            return
        batch = self._without_conflicts(batch)
        if not self.report.dry_run and batch:
            self._write(batch)
        for item in batch:
            if item.existing_id:
                self.report.updated += 1
            else:
                self.report.created += 1

    def _without_conflicts(self, batch: list[PreparedEvent]) -> list[PreparedEvent]:
        """Refuse files whose date and slug already belong to another event (an editor's)."""
        keys = {(item.event.date, item.event.slug): item for item in batch}
        slugs = sorted({slug for _date, slug in keys})
        dates = [date for date, _slug in keys]
        # The batch's span of days lets the (date, slug) index answer; slugs alone cannot.
        taken = Event.objects.filter(
            date__range=(min(dates), max(dates)), slug__in=slugs
        ).values_list("date", "slug", "archive_path", "id")
        refused = set()
        for date, slug, archive_path, event_id in taken:
            item = keys.get((date, slug))
            if item and archive_path != item.archive_path:
                reason = f"event {event_id} already has date {date} and slug {slug!r}"
                self.report.refused.append(Problem(item.archive_path.lstrip("/"), 1, reason))
                refused.add(id(item))
        return [item for item in batch if id(item) not in refused]

    def _write(self, batch: list[PreparedEvent]):
        try:
            self.ids_by_path.update(write_batch(batch, self.ids_by_path, self.topic_cache))
            return
        except DatabaseError:
            # Topics created in the rolled-back transaction are gone: forget their ids.
            self.topic_cache.clear()
        for item in list(batch):
            try:
                self.ids_by_path.update(write_batch([item], self.ids_by_path, self.topic_cache))
            except DatabaseError as error:
                self.topic_cache.clear()
                batch.remove(item)
                reason = f"not saved: {_first_line(error)}"
                self.report.refused.append(Problem(item.archive_path.lstrip("/"), 1, reason))


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _day_order(folder: DayFolder) -> list[str]:
    """The day's `index.md` order for the events it lists, then the rest by file name."""
    listed = parse_index_order(folder.index.read_bytes()) if folder.index else []
    order = list(dict.fromkeys(slug for slug in listed if slug in folder.events))
    order.extend(sorted(set(folder.events) - set(order)))
    return order


def _digest(data: bytes, snapshots: dict[int, bytes], position: int) -> str:
    """Changes when the file, one of its snapshots, or its place in the day changes."""
    digest = hashlib.sha256(data)
    digest.update(b"\0position:%d" % position)
    for number, snapshot in snapshots.items():
        digest.update(b"\0snapshot:%d:%d\0" % (number, len(snapshot)))
        digest.update(snapshot)
    return digest.hexdigest()


def import_archive(root, *, only=None, dry_run=False, progress=None, on_wait=None) -> ImportReport:
    """Import `root/news/...`; safe to re-run: unchanged files are skipped without writes.

    One import writes to a database at a time (events.archive.lock): a second one waits for
    the first, telling `on_wait`. A dry run writes nothing and waits for no one.
    """
    report = ImportReport(dry_run=dry_run)
    lock = nullcontext() if dry_run else import_lock(on_wait)
    try:
        with lock, sqlite_tuned_for_import():
            run = ArchiveImport(root, only, dry_run, progress)
            report = run.report
            return run.run()
    finally:
        # Bulk writes send no signals: cached pages are retired here, on every server, also
        # after an import stopped halfway.
        if not report.wrote_nothing:
            bump_public_version()
            refresh_planner_statistics()  # the planner's picture of tables the import rewrote


@contextmanager
def sqlite_tuned_for_import():
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        before = {name: _pragma(cursor, name) for name in SQLITE_IMPORT_PRAGMAS}
        for name, value in SQLITE_IMPORT_PRAGMAS.items():
            cursor.execute(f"PRAGMA {name} = {int(value)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in before.items():
                cursor.execute(f"PRAGMA {name} = {int(value)}")


def _pragma(cursor, name: str) -> int:
    cursor.execute(f"PRAGMA {name}")
    return cursor.fetchone()[0]
