"""Write the database back out as a markdown archive: one file per event, one index per day."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from django.db.models import Prefetch

from events.models import Event, Related
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
    """Write `root/news/...` from the database: published events unless `include_drafts`."""
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


def _archive_events(include_drafts: bool) -> Iterator[ArchiveEvent]:
    """Events in archive order (date, position), read in chunks to keep memory flat."""
    events = Event.objects.all() if include_drafts else Event.objects.published()
    events = events.order_by("date", "position", "id").only(
        "id", "date", "slug", "headline", "summary", "cover_image_url", "cover_position"
    )
    sources = Prefetch("sources", queryset=Source.objects.order_by("position", "id"))
    related = Prefetch(
        "related_links",
        queryset=Related.objects.order_by("position", "id")
        .select_related("target")
        .only(
            "event_id", "target_path", "target_headline", "context", "target__date", "target__slug"
        ),
    )
    for event in events.prefetch_related(sources, related).iterator(chunk_size=CHUNK):
        yield to_archive_event(event)


def to_archive_event(event: Event) -> ArchiveEvent:
    """The archive's view of an event from the database."""
    return ArchiveEvent(
        date=event.date,
        slug=event.slug,
        headline=event.headline,
        summary=event.summary.replace("\r\n", "\n"),
        sources=[
            SourceItem(
                name=source.name,
                url=source.url,
                snapshot=Snapshot(source.snapshot_title, source.snapshot_text.replace("\r\n", "\n"))
                if source.has_snapshot
                else None,
            )
            for source in event.sources.all()
        ],
        cover_url=event.cover_image_url,
        cover_position=event.cover_position,
        related=[
            RelatedItem(
                headline=link.target_headline,
                # A resolved link follows its target if an editor has since moved it.
                path=link.target.legacy_path if link.target else link.target_path,
                context=link.context,
            )
            for link in event.related_links.all()
        ],
    )
