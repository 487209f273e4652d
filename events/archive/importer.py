"""Import the markdown archive: idempotent, keyed on each file's archive path.

Each file is checked completely before anything is written, so a refused file writes nothing;
valid files are written in batches, each batch one transaction. Should a batch still fail in
the database, its files are retried one transaction each, so one bad file never takes others
down with it.
"""

import datetime
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, connection, transaction

from events.archive.statistics import refresh_planner_statistics
from events.bulk import chunked
from events.changes import Run, writing
from events.http_cache.purge import purging, send_pending_purges
from events.links import resolve_pending_links, waiting_link_spans
from events.models import Event, MergedEvent
from events.models.search_phrases import SetAside
from events.models.search_words import refresh_search_words
from events.models.topic_counts import counting_in_bulk

from .discovery import find_day_dirs, in_scope, misplaced_files, parse_only
from .document import Problem, day_folder
from .files import real_root
from .lock import import_lock
from .scan import ScannedFile, ScannedFolder
from .scan_worker import scanned_folders
from .writer import PreparedEvent, write_batch

FLUSH_EVERY = 2000
MOVED_PER_WRITE = 50_000
# The planner's statistics are read again each time the import has written as many events as
# the database held when they were last read (the events' table doubled), from this many on,
# and once more before the last step. Read only at the end, they described the empty tables
# an archive's first import started from, all the way through: PostgreSQL, 1,000,000 events,
# the last step's statements over gifts each hashed every event (1.7 s a statement, over 25
# minutes in all). A doubling schedule costs a few ANALYZEs, whatever the archive's size.
STATISTICS_AFTER = 10_000
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
    # Files whose events were merged into others: (archive path, the kept event's path).
    merged_away: list[tuple[str, str]] = field(default_factory=list)

    @property
    def files(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.refused)

    @property
    def wrote_nothing(self) -> bool:
        return self.dry_run or not (self.created or self.updated or self.links_resolved)


class ArchiveImport:
    """One run over an archive folder. Use `import_archive()`."""

    def __init__(self, root: Path, only: str | None, dry_run: bool, progress: Callable | None):
        self.root = real_root(Path(root))
        self.only = parse_only(only)
        self.report = ImportReport(dry_run=dry_run)
        self.progress = progress or (lambda count: None)
        self.known = self._known_events()
        self.merged, self.merged_ids = self._merged_away()
        self.topic_cache: dict[str, int] = {}
        # The files of the day being checked, by slug; two folders can hold one day (`03/1`,
        # `3/01`), but they come one after the other, so earlier days need not be kept.
        self.claimed: dict[str, str] = {}
        self.claimed_day: datetime.date | None = None
        self.pending: list[PreparedEvent] = []
        # The batches are steps of one write: their new events' change times move at its end.
        self.steps = Run()
        events_before = Event.objects.count()
        self.statistics = PlannerStatistics(events_before)
        self.phrase_index = SetAside(events_before, after=STATISTICS_AFTER)

    def run(self) -> ImportReport:
        try:
            return self._run()
        finally:
            if not self.report.dry_run:
                self.phrase_index.restore()

    def _run(self) -> ImportReport:
        try:
            unseen = self._all_files()
        except BaseException:
            # What the committed batches changed still shows in the change times.
            if self.steps.to_move and not self.report.dry_run:
                with transaction.atomic():
                    self._times_left_to_end()
            raise
        if not self.report.dry_run:
            self.statistics.refresh_if_written()
            self._last_step()
        self.report.missing = sorted(unseen)
        return self.report

    def _all_files(self) -> set[str]:
        """Check and write every file; the events known before that were not seen."""
        tree = find_day_dirs(self.root, self.only)
        self.report.refused.extend(tree.refused)
        digests = {path: digest for path, (_event_id, digest) in self.known.items()}
        with scanned_folders(self.root, tree.day_dirs, digests) as folders:
            if not self.only:
                for problem in misplaced_files(self.root, tree.day_dirs):
                    if problem not in tree.refused:  # the day folders' walk named it already
                        self.report.refused.append(problem)
            unseen = set(self.known)
            for folder in folders:
                for path in self._folder(folder):
                    unseen.discard(path)
                self.progress(len(folder.files))
        self._flush()
        return unseen

    def _last_step(self):
        """Links waiting for events found since resolve; the change times the batches left
        to the end move (record.Run). One transaction, written as a write per span of
        waiting links (events.links.LINKS_PER_WRITE), so memory holds one span's gifts,
        then a write per MOVED_PER_WRITE change times."""
        # After batches, the links to their events resolve in thousands: their topic rows
        # count in bulk. An unchanged re-import writes nothing at all.
        wrote = self.report.created or self.report.updated
        bulk = counting_in_bulk() if wrote else nullcontext()
        with transaction.atomic(), bulk, self.steps.finishing():
            for span in waiting_link_spans():
                with writing() as change:
                    change.topic_cache, change.run = self.topic_cache, self.steps
                    self.report.links_resolved += resolve_pending_links(change, span)
            self._times_left_to_end()

    def _times_left_to_end(self):
        """The change times the batches left to the end move, each once: a write per
        MOVED_PER_WRITE events, so no write's record holds a million ids."""
        for ids in chunked(self.steps.to_move, MOVED_PER_WRITE):
            with writing() as change:
                change.times_moved(ids)

    def _known_events(self) -> dict[str, tuple[int, str]]:
        """Events imported before, within the scope of this run: path -> (id, digest)."""
        rows = Event.objects.exclude(archive_path=None).values_list(
            "archive_path", "id", "archive_digest", "date"
        )
        known = {}
        for path, event_id, digest, date in rows.iterator(chunk_size=5000):
            if in_scope(date, self.only):
                known[path] = (event_id, digest)
        return known

    def _merged_away(self) -> tuple[dict[str, str], dict[str, int]]:
        """Archive paths of events merged into others (events.editorial.merges): their files
        are skipped, and links to them resolve to the kept events. Path -> kept event's path,
        and path -> kept event's id."""
        merged, merged_ids = {}, {}
        rows = MergedEvent.objects.values_list("path", "kept_id", "kept__date", "kept__slug")
        for path, kept_id, date, slug in rows:
            merged[path] = f"{day_folder(date)}/{slug}.md" if date else ""
            if kept_id is not None:
                merged_ids[path] = kept_id
        return merged, merged_ids

    def _folder(self, folder: ScannedFolder):
        """Check each event file of one day; yield the archive path of every file seen."""
        for name in folder.stray:
            self.report.warnings.append(
                Problem(f"{folder.relpath}/{name}", 1, "unknown file; ignored")
            )
        self.report.refused.extend(folder.refused)
        if folder.date != self.claimed_day:
            self.claimed, self.claimed_day = {}, folder.date
        for item in folder.files:
            path = folder.event_path(item.slug)
            yield path
            self._file(folder, item, path)
        for slug in folder.lone_snapshots:
            rel = f"{folder.relpath}/{slug}.source-N.txt"
            self.report.warnings.append(Problem(rel, 1, "snapshot without its event file; ignored"))

    def _file(self, folder: ScannedFolder, item: ScannedFile, path: str):
        rel = path.lstrip("/")
        if folder.date is None:
            self.report.refused.append(Problem(rel, 1, "the folder is not a possible date"))
            return
        if path in self.merged and path not in self.known:  # (an event there again: imported)
            self.report.merged_away.append((rel, self.merged[path].lstrip("/")))
            return
        self.report.refused.extend(item.unread)
        existing_id, old_digest = self.known.get(path, (None, None))
        if item.digest == old_digest:
            self.report.unchanged += 1
            return
        prepared = self._prepare(rel, item)
        if prepared is None:
            return
        prepared.archive_path, prepared.digest, prepared.position = path, item.digest, item.position
        prepared.existing_id = existing_id
        self.pending.append(prepared)
        if len(self.pending) >= FLUSH_EVERY:
            self._flush()

    def _prepare(self, rel: str, item: ScannedFile) -> PreparedEvent | None:
        if item.refusal:
            self.report.refused.append(item.refusal)
            return None
        self.report.warnings.extend(item.warnings)
        event = item.event
        if event.slug in self.claimed:  # the day's: event.date is the folder's date
            reason = f"same date and slug as {self.claimed[event.slug]}"
            self.report.refused.append(Problem(rel, 1, reason))
            return None
        self.claimed[event.slug] = rel
        self.report.warnings.extend(item.later_warnings)
        prepared = PreparedEvent(archive_path="", digest="", position=0, event=event)
        prepared.topic_names = item.topic_names
        return prepared

    def _flush(self):
        batch, self.pending = self.pending, []
        if not batch:
            return
        batch = self._without_conflicts(batch)
        if not self.report.dry_run and batch:
            self._write(batch)
            self.statistics.written(len(batch))
            self.phrase_index.wrote(len(batch))
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
            write_batch(batch, *self._context)
            return
        except DatabaseError:
            # Topics created in the rolled-back transaction are gone: forget their ids.
            self.topic_cache.clear()
        for item in list(batch):
            try:
                write_batch([item], *self._context)
            except DatabaseError as error:
                self.topic_cache.clear()
                batch.remove(item)
                reason = f"not saved: {_first_line(error)}"
                self.report.refused.append(Problem(item.archive_path.lstrip("/"), 1, reason))

    @property
    def _context(self) -> tuple:
        return self.merged_ids, self.topic_cache, self.steps


class PlannerStatistics:
    """When the database's planner statistics of the archive's tables are read again while an
    import writes (STATISTICS_AFTER)."""

    def __init__(self, events_in_database: int):
        self.described = events_in_database  # the events the statistics were last read over
        self.since = 0  # events written since

    def written(self, events: int) -> None:
        self.since += events
        if self.since >= max(STATISTICS_AFTER, self.described):
            self._refresh()

    def refresh_if_written(self) -> None:
        if self.since:
            self._refresh()

    def _refresh(self) -> None:
        refresh_planner_statistics()
        self.described += self.since
        self.since = 0


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def import_archive(root, *, only=None, dry_run=False, progress=None, on_wait=None) -> ImportReport:
    """Import `root/news/...`; safe to re-run: unchanged files are skipped without writes.

    One import writes to a database at a time (events.archive.lock): a second one waits for
    the first, telling `on_wait`. A dry run writes nothing and waits for no one.
    """
    report = ImportReport(dry_run=dry_run)
    lock = nullcontext() if dry_run else import_lock(on_wait)
    if purging() and not dry_run:
        send_pending_purges()  # what an earlier run or write could not send
    try:
        with lock, sqlite_tuned_for_import():
            run = ArchiveImport(root, only, dry_run, progress)
            report = run.report
            return run.run()
    finally:
        # Each batch recorded its purges with its writes; what a front cache missed is sent
        # again here, also after an import stopped halfway.
        if purging() and not dry_run:
            send_pending_purges()
        if not report.wrote_nothing:
            refresh_planner_statistics()  # the planner's picture of tables the import rewrote
            refresh_search_words()  # "Did you mean"'s words (PostgreSQL; SQLite's keep step)


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
