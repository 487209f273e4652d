"""Write the database back out as a markdown archive: one file per event, one index per day.

Nothing is left half-written: the archive is written into a staging folder beside its place
and moved there whole once every file is written; a file name the file system cannot hold, or
two files of one day under one name, stops the export naming the event, and an error of any
kind leaves nothing behind. An existing archive is never written over.
"""

import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from django.db.models import Q
from django.utils import timezone

from events.bulk import chunked
from events.models import Event, MergedEvent, Related
from events.models.event import is_public
from events.slugs import FILE_NAME_BYTES
from sources.models import Source
from sources.snapshots import Snapshot, render_snapshot

from .document import ArchiveEvent, RelatedItem, SourceItem, day_folder
from .renderer import render_event, render_index, snapshot_file_name

CHUNK = 2000
INDEX = "index.md"


@dataclass
class ExportReport:
    events: int = 0
    days: int = 0
    snapshots: int = 0


class ExportError(Exception):
    """The archive cannot be written as it stands; nothing of it was left behind."""


def export_archive(
    root, *, include_drafts: bool = False, progress: Callable | None = None
) -> ExportReport:
    """Write `root/news/...` from the database: public events and their links to public (or
    missing) events only, unless `include_drafts`. ExportError, writing nothing, when
    `root/news` exists already or an event's files cannot be written."""
    root = Path(root)
    target = root / "news"
    if target.exists():
        raise ExportError(f"{target} exists already; export into a new folder.")
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".export-", dir=root))
    try:
        report = _write_archive(staging, include_drafts, progress or (lambda count: None))
        (staging / "news").mkdir(exist_ok=True)  # an empty database: an empty archive
        (staging / "news").rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def _write_archive(root: Path, include_drafts: bool, progress: Callable) -> ExportReport:
    report = ExportReport()
    for date, events in groupby(_archive_events(include_drafts), key=lambda e: e.date):
        events = list(events)
        day = _DayFolder(root / day_folder(date).lstrip("/"))
        for event in events:
            report.snapshots += day.write_event(event)
        day.write_index(render_index(date, events))
        report.events += len(events)
        report.days += 1
        progress(len(events))
    return report


class _DayFolder:
    """One day's folder, refusing a file name too long for the file system or written twice
    (an event called `index` would overwrite the day's own file)."""

    def __init__(self, path: Path):
        self.path = path
        self.path.mkdir(parents=True)
        self.names: dict[str, str] = {INDEX: "the day's index"}

    def write_event(self, event: ArchiveEvent) -> int:
        self.write(f"{event.slug}.md", render_event(event), event)
        written = 0
        for number, source in enumerate(event.sources, start=1):
            if source.snapshot:
                name = snapshot_file_name(event.slug, number)
                self.write(name, render_snapshot(source.snapshot), event)
                written += 1
        return written

    def write_index(self, text: str) -> None:
        _write(self.path / INDEX, text)

    def write(self, name: str, text: str, event: ArchiveEvent) -> None:
        size = len(name.encode("utf-8"))
        if size > FILE_NAME_BYTES:
            raise ExportError(
                f"{event.path}: its file {name[:60]}... would be named in {size} bytes, over "
                f"the {FILE_NAME_BYTES} a file name may have; give the event a shorter slug."
            )
        if name in self.names:
            raise ExportError(f"{event.path}: its file {name} would overwrite {self.names[name]}.")
        self.names[name] = event.path
        _write(self.path / name, text)


def _write(path: Path, text: str) -> None:
    # newline="" keeps "\n" line ends on every platform: the archive's bytes are its format.
    with open(path, "w", encoding="utf-8", newline="") as file:
        file.write(text)


EVENT_COLUMNS = ["id", "date", "slug", "headline", "summary", "cover_image_url", "cover_position"]
SOURCE_COLUMNS = ["event_id", "name", "url", "snapshot_title", "snapshot_text"]
# A resolved link follows its target if an editor has since moved it.
RELATED_COLUMNS = [
    "event_id",
    "target_path",
    "target_headline",
    "context",
    "target__date",
    "target__slug",
]


def _archive_events(include_drafts: bool) -> Iterator[ArchiveEvent]:
    """Events in archive order (date, position), read in chunks to keep memory flat.

    Plain rows (values_list), not model instances: an export reads every event, source and
    link in the database, and instances would cost several times the database's work.
    """
    now = timezone.now()  # one moment decides what is public, for the events and the links
    events = Event.objects.all() if include_drafts else Event.objects.published(now)
    rows = events.order_by("date", "position", "id").values_list(*EVENT_COLUMNS)
    merged = _merged_paths(events)
    for chunk in chunked(rows.iterator(chunk_size=CHUNK), CHUNK):
        ids = [row[0] for row in chunk]
        sources = _grouped(Source.objects.filter(event_id__in=ids), SOURCE_COLUMNS)
        links = Related.objects.filter(event_id__in=ids)
        if not include_drafts:
            links = links.filter(_leads_nowhere_hidden(now))
        links = _grouped(links, RELATED_COLUMNS)
        for row in chunk:
            yield _archive_event(row, sources.get(row[0], []), links.get(row[0], []), merged)


def _merged_paths(exported) -> dict[str, str]:
    """Paths of events merged into others (events.editorial.merges), to the kept event's path
    when the export writes the kept event: a link still naming the old path leads there."""
    rows = MergedEvent.objects.filter(kept__in=exported).values_list(
        "path", "kept__date", "kept__slug"
    )
    return {path: f"{day_folder(date)}/{slug}.md" for path, date, slug in rows}


def _leads_nowhere_hidden(now) -> Q:
    """Links whose target is public or not in the database. A link to a draft or a scheduled
    event is left out, as the event page leaves it out: its text is the hidden event's
    headline (the admin copies it) and its path the hidden event's address; imported
    elsewhere, both would go public. Its contexts go with it."""
    return Q(target__isnull=True) | is_public("target__", now=now)


def _grouped(queryset, columns) -> dict[int, list[tuple]]:
    """Rows by their event id (the first column), each list in position order."""
    grouped: dict[int, list[tuple]] = {}
    for row in queryset.order_by("event_id", "position", "id").values_list(*columns):
        grouped.setdefault(row[0], []).append(row)
    return grouped


def _archive_lines(text: str) -> str:
    """The archive's line ends: the admin's text boxes send CRLF, and a lone CR would read
    back as a line end too."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _archive_event(row, sources, links, merged: dict[str, str]) -> ArchiveEvent:
    _id, date, slug, headline, summary, cover_url, cover_position = row
    return ArchiveEvent(
        date=date,
        slug=slug,
        headline=headline,
        summary=_archive_lines(summary),
        sources=[
            SourceItem(
                name=name,
                url=url,
                snapshot=Snapshot(title, _archive_lines(text)) if title or text else None,
            )
            for _event, name, url, title, text in sources
        ],
        cover_url=cover_url,
        cover_position=cover_position,
        related=[
            RelatedItem(
                headline=headline,
                path=(
                    f"{day_folder(target_date)}/{target_slug}.md"
                    if target_date
                    else merged.get(path, path)
                ),
                context=context,
            )
            for _event, path, headline, context, target_date, target_slug in links
        ],
    )
