"""What the archive's day folders hold, found without the database: read, digested, parsed.

For each day folder, in order: its event files in the day's order, each with its digest and,
unless the digest is the one imported before, the parsed event (snapshots attached, topic names
found) with its warnings or its refusal. The importer decides from this what to write and
reports it in order. Free of the database, so that it can run in another process
(events.archive.scan_worker).
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from events.models import split_context

from .discovery import read_folder
from .document import ArchiveEvent, Problem
from .files import NotUsable
from .limits import limits
from .parser import Refused, parse_event_file, parse_index_order, parse_snapshot
from .prefetch import FolderFiles, read_ahead, read_in_turn


@dataclass(slots=True)
class ScannedFile:
    """One event file of a day folder, at its place in the day."""

    slug: str
    position: int
    digest: str = ""
    refusal: Problem | None = None  # refused unparsed (cannot be read) or by the parser
    unread: list[Problem] = field(default_factory=list)  # its snapshots refused unread
    event: ArchiveEvent | None = None  # None: unchanged since the last import, or refused
    warnings: list[Problem] = field(default_factory=list)  # the parser's
    # Its snapshots' and topics' warnings: reported once the importer accepts the file.
    later_warnings: list[Problem] = field(default_factory=list)
    topic_names: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ScannedFolder:
    """One day folder: its event files in the day's order, and what else it holds."""

    relpath: str  # "news/2012/02/8"
    date: datetime.date | None
    files: list[ScannedFile] = field(default_factory=list)
    stray: list[str] = field(default_factory=list)  # names of files that are no archive file
    lone_snapshots: list[str] = field(default_factory=list)  # slugs without an event file
    refused: list[Problem] = field(default_factory=list)  # names not read, with the reason

    def event_path(self, slug: str) -> str:
        """The key an imported event keeps: `/news/2012/02/8/<slug>.md`."""
        return f"/{self.relpath}/{slug}.md"


def scan_folders(
    root: Path,
    day_dirs: list[tuple[datetime.date | None, Path]],
    digests: dict[str, str],
    ahead: bool = False,
) -> list[ScannedFolder]:
    """Scan these day folders in order; `digests`: archive path -> digest imported before.
    `ahead`: read the files a little ahead in other threads (events.archive.prefetch).
    """
    folders = (read_folder(root, path, date) for date, path in day_dirs)
    read = read_ahead if ahead else read_in_turn
    return [_scan_folder(files, digests) for files in read(folders)]


def _scan_folder(files: FolderFiles, digests: dict[str, str]) -> ScannedFolder:
    folder = files.folder
    scanned = ScannedFolder(folder.relpath, folder.date, stray=folder.stray)
    scanned.refused = folder.refused
    scanned.lone_snapshots = sorted(set(folder.snapshots) - set(folder.events))
    order = _day_order(files, scanned.refused)
    for position, slug in enumerate(order):
        item = ScannedFile(slug, position)
        scanned.files.append(item)
        if folder.date is not None:  # the importer refuses the file unread
            _scan_file(files, item, digests)
    return scanned


def _scan_file(files: FolderFiles, item: ScannedFile, digests: dict[str, str]) -> None:
    folder = files.folder
    try:
        data = files.read(folder.events[item.slug])
    except NotUsable as refusal:
        item.refusal = Problem(folder.event_path(item.slug).lstrip("/"), 1, refusal.reason)
        return
    snapshots = {}
    for number, path in sorted(folder.snapshots.get(item.slug, {}).items()):
        try:
            snapshots[number] = files.read(path)
        except NotUsable as refusal:
            # Refused by name; the event imports without it (a missing snapshot is no harm).
            item.unread.append(Problem(f"{folder.relpath}/{path.name}", 1, refusal.reason))
    item.digest = _digest(data, snapshots, item.position)
    path = folder.event_path(item.slug)
    if digests.get(path) == item.digest:
        return  # unchanged: the importer skips it, unparsed
    rel = path.lstrip("/")
    result = parse_event_file(data, rel, folder.date, item.slug)
    if result.refusal:
        item.refusal = result.refusal
        return
    item.event, item.warnings = result.event, result.warnings
    _attach_snapshots(rel, item, snapshots)
    item.topic_names = _topic_names(rel, item)


def _attach_snapshots(rel: str, item: ScannedFile, snapshots: dict[int, bytes]) -> None:
    event = item.event
    for number, data in snapshots.items():
        name = f"{rel[:-3]}.source-{number}.txt"
        if number > len(event.sources):
            reason = f"snapshot of source {number}, but the event has {len(event.sources)}"
            item.later_warnings.append(Problem(name, 1, reason + "; ignored"))
            continue
        try:
            snapshot = parse_snapshot(data)
        except Refused as refusal:
            item.later_warnings.append(Problem(name, refusal.line, refusal.reason + "; ignored"))
            continue
        if len(snapshot.title) > limits().snapshot_title:
            item.later_warnings.append(Problem(name, 1, "snapshot title too long; ignored"))
            continue
        event.sources[number - 1].snapshot = snapshot


def _topic_names(rel: str, item: ScannedFile) -> list[str]:
    """The event's own topics: every context of its Related list, once each, in order (a
    dict, not a list: a name is looked up once however many lines name it)."""
    names: dict[str, None] = {}
    for link in item.event.related:
        for name in split_context(link.context):
            if len(name) > limits().topic_name:
                reason = f"topic longer than {limits().topic_name} characters not added"
                item.later_warnings.append(Problem(rel, 1, reason))
            else:
                names[name] = None
    return list(names)


def _day_order(files: FolderFiles, refused: list[Problem]) -> list[str]:
    """The day's `index.md` order for the events it lists, then the rest by file name.

    An `index.md` that cannot be read is refused by name, and the day goes by file names, as
    a day without one does: it holds nothing the event files lack but their order.
    """
    folder = files.folder
    listed = []
    if folder.index:
        try:
            listed = parse_index_order(files.read(folder.index))
        except NotUsable as refusal:
            refused.append(Problem(f"{folder.relpath}/index.md", 1, refusal.reason))
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
