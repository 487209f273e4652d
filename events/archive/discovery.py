"""Find the archive's day folders and their files: `news/<YYYY>/<MM>/<D>/`."""

import datetime
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .document import Problem
from .files import FILE, FOLDER, NotUsable, kind_of, list_folder

# Whole names only (fullmatch): `$` would also accept a name ending in a newline, and `\d` other
# scripts' digits, so `8\n` or `٨` would pass for a day folder (found by fuzzing).
SNAPSHOT_NAME = re.compile(r"(?P<slug>.+)\.source-(?P<number>[1-9][0-9]*)\.txt", re.DOTALL)
YEAR, MONTH, DAY = re.compile("[0-9]{4}"), re.compile("[0-9]{1,2}"), re.compile("[0-9]{1,2}")
# news/YYYY/MM/D is 3 deep; a tree far deeper is junk, and is refused rather than walked.
MAX_DEPTH = 8


@dataclass
class DayFolder:
    """One day's folder: its event files by slug, their snapshots, and its index.md."""

    root: Path  # the archive's real path: no file is read outside it
    relpath: str  # "news/2012/02/8"
    date: datetime.date | None
    events: dict[str, Path] = field(default_factory=dict)
    snapshots: dict[str, dict[int, Path]] = field(default_factory=dict)
    index: Path | None = None
    stray: list[str] = field(default_factory=list)
    refused: list[Problem] = field(default_factory=list)  # names not read, with the reason

    def event_path(self, slug: str) -> str:
        """The key an imported event keeps: `/news/2012/02/8/<slug>.md`."""
        return f"/{self.relpath}/{slug}.md"


def parse_only(only: str | None) -> tuple[int, ...]:
    """`2012/02` -> (2012, 2): the date prefix an import is limited to."""
    if not only:
        return ()
    parts = [p for p in only.strip("/").split("/") if p]
    if parts and parts[0] == "news":
        parts = parts[1:]
    if not parts or len(parts) > 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"--only {only!r}: expected YYYY, YYYY/MM or YYYY/MM/D")
    return tuple(int(p) for p in parts)


def in_scope(date: datetime.date | None, only: tuple[int, ...]) -> bool:
    if not only:
        return True
    if date is None:
        return False
    return (date.year, date.month, date.day)[: len(only)] == only


@dataclass
class ArchiveTree:
    """The day folders to read, in date order, and what the walk refused on its way."""

    day_dirs: list[tuple[datetime.date | None, Path]]
    refused: list[Problem] = field(default_factory=list)


def find_day_dirs(root: Path, only: tuple[int, ...] = ()) -> ArchiveTree:
    """Every `news/Y/M/D` folder under `root` (a real path, files.real_root) within `only`.

    Folders that are links leading inside the archive are followed; links leading outside it,
    special files and folders that cannot be listed are refused. Read each day with
    `read_folder`.
    """
    tree = ArchiveTree([])
    news = _news_folder(root)
    for year in _subfolders(root, news, YEAR, tree.refused):
        if not _could_be_in(only, year.name):
            continue
        for month in _subfolders(root, year, MONTH, tree.refused):
            if not _could_be_in(only, year.name, month.name):
                continue
            for day in _subfolders(root, month, DAY, tree.refused):
                date = _folder_date(year.name, month.name, day.name)
                if in_scope(date, only):
                    tree.day_dirs.append((date, day))
    tree.day_dirs.sort(key=lambda item: (item[0] or datetime.date.min, item[1].as_posix()))
    return tree


def misplaced_files(root: Path, day_dirs: list[tuple[datetime.date | None, Path]]) -> list[Problem]:
    """Event files outside any day folder, special files, links out of the archive, folders
    too deep or unreadable anywhere under `news/`: refused, so nothing is silently skipped.

    Walked without recursion (a tree thousands of folders deep is just a long walk), and into
    no linked folder (a link to a parent folder would make the walk endless).
    """
    days = {path for _date, path in day_dirs}
    problems = []
    news = root / "news"
    waiting = [(news, 0)]
    while waiting:
        folder, depth = waiting.pop()
        if depth > MAX_DEPTH:
            problems.append(
                _problem(
                    root, folder, f"nested more than {MAX_DEPTH} folders deep under news/; not read"
                )
            )
            continue
        try:
            names = list_folder(folder)
        except NotUsable as refusal:
            problems.append(_problem(root, folder, refusal.reason))
            continue
        for name in names:
            path = folder / name
            try:
                kind = kind_of(root, path)
            except NotUsable as refusal:
                problems.append(_problem(root, path, refusal.reason))
                continue
            if kind == FOLDER and not path.is_symlink() and path not in days:
                waiting.append((path, depth + 1))
            elif kind == FILE and folder not in days and _is_event_name(name):
                problems.append(_problem(root, path, "not in a news/YYYY/MM/D/ folder"))
    problems.sort(key=lambda problem: problem.path)
    return problems


def _news_folder(root: Path) -> Path:
    news = root / "news"
    if not os.path.lexists(news):
        raise FileNotFoundError(f"{root}: no news/ folder here (expected {news})")
    try:
        is_folder = kind_of(root, news) == FOLDER
    except NotUsable as refusal:
        raise FileNotFoundError(f"{news}: {refusal.reason}") from None
    if not is_folder:
        raise FileNotFoundError(f"{root}: no news/ folder here (expected {news})")
    return news


def _subfolders(root: Path, path: Path, pattern: re.Pattern, refused: list[Problem]) -> list[Path]:
    """The folders in `path` whose names fit `pattern`; what cannot be used is refused."""
    try:
        names = list_folder(path)
    except NotUsable as refusal:
        refused.append(_problem(root, path, refusal.reason))
        return []
    found = []
    for name in names:
        if not pattern.fullmatch(name):
            continue
        try:
            if kind_of(root, path / name) == FOLDER:
                found.append(path / name)
        except NotUsable as refusal:
            refused.append(_problem(root, path / name, refusal.reason))
    return found


def _could_be_in(only: tuple[int, ...], *parts: str) -> bool:
    """Whether a year (and month) folder may hold days within `only`."""
    return tuple(int(part) for part in parts)[: len(only)] == only[: len(parts)]


def _is_event_name(name: str) -> bool:
    return name.endswith(".md") and name != "index.md"


def _problem(root: Path, path: Path, reason: str) -> Problem:
    return Problem(path.relative_to(root).as_posix(), 1, reason)


def _folder_date(year: str, month: str, day: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def read_folder(root: Path, path: Path, date: datetime.date | None) -> DayFolder:
    """One day folder's files, sorted out: events, snapshots, index.md, anything else.

    A name that cannot be used (a link out of the archive, a pipe, a device) is refused, and so
    is a folder that cannot be listed. Folders inside a day are no concern of the archive.
    """
    folder = DayFolder(root, path.relative_to(root).as_posix(), date)
    try:
        names = list_folder(path)
    except NotUsable as refusal:
        folder.refused.append(_problem(root, path, refusal.reason))
        return folder
    for name in names:
        try:
            if kind_of(root, path / name) != FILE:
                continue
        except NotUsable as refusal:
            folder.refused.append(_problem(root, path / name, refusal.reason))
            continue
        snapshot = SNAPSHOT_NAME.fullmatch(name)
        if name == "index.md":
            folder.index = path / name
        elif name.endswith(".md"):
            folder.events[name[:-3]] = path / name
        elif snapshot:
            slots = folder.snapshots.setdefault(snapshot["slug"], {})
            slots[int(snapshot["number"])] = path / name
        else:
            folder.stray.append(name)
    return folder
