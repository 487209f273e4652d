"""Write the database back out as a markdown archive: one file per event, one index per day."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from django.db.models import Q
from django.utils import timezone

from events.archive.bulk import chunked
from events.models import Event, Related
from events.models.event import is_public
from sources.models import Source

from .document import ArchiveEvent, RelatedItem, Snapshot, SourceItem, day_folder
from .renderer import render_event, render_index, render_snapshot, snapshot_file_name

CHUNK = 2000


@dataclass
class ExportReport:
    events: int = 0
    days: int = 0
    snapshots: int = 0


def export_archive(
    root, *, include_drafts: bool = False, progress: Callable | None = None
) -> ExportReport:
    """Write `root/news/...` from the database: public events and their links to public (or
    missing) events only, unless `include_drafts`."""
    root = Path(root)
    report = ExportReport()
    progress = progress or (lambda count: None)
    for date, events in groupby(_archive_events(include_drafts), key=lambda e: e.date):
        events = list(events)
        folder = root / day_folder(date).lstrip("/")
        folder.mkdir(parents=True, exist_ok=True)
        for event in events:
            report.snapshots += _write_event(folder, event)
        _write(folder / "index.md", render_index(date, events))
        report.events += len(events)
        report.days += 1
        progress(len(events))
    return report


def _write_event(folder: Path, event: ArchiveEvent) -> int:
    _write(folder / f"{event.slug}.md", render_event(event))
    written = 0
    for number, source in enumerate(event.sources, start=1):
        if source.snapshot:
            _write(
                folder / snapshot_file_name(event.slug, number), render_snapshot(source.snapshot)
            )
            written += 1
    return written


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
    for chunk in chunked(rows.iterator(chunk_size=CHUNK), CHUNK):
        ids = [row[0] for row in chunk]
        sources = _grouped(Source.objects.filter(event_id__in=ids), SOURCE_COLUMNS)
        links = Related.objects.filter(event_id__in=ids)
        if not include_drafts:
            links = links.filter(_leads_nowhere_hidden(now))
        links = _grouped(links, RELATED_COLUMNS)
        for row in chunk:
            yield _archive_event(row, sources.get(row[0], []), links.get(row[0], []))


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


def _archive_event(row, sources, links) -> ArchiveEvent:
    _id, date, slug, headline, summary, cover_url, cover_position = row
    return ArchiveEvent(
        date=date,
        slug=slug,
        headline=headline,
        summary=summary.replace("\r\n", "\n"),
        sources=[
            SourceItem(
                name=name,
                url=url,
                snapshot=Snapshot(title, text.replace("\r\n", "\n")) if title or text else None,
            )
            for _event, name, url, title, text in sources
        ],
        cover_url=cover_url,
        cover_position=cover_position,
        related=[
            RelatedItem(
                headline=headline,
                path=f"{day_folder(target_date)}/{target_slug}.md" if target_date else path,
                context=context,
            )
            for _event, path, headline, context, target_date, target_slug in links
        ],
    )
