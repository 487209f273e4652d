"""Find the archive's day folders and their files: `news/<YYYY>/<MM>/<D>/`."""

import datetime
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .document import Problem

# Whole names only (fullmatch): `$` would also accept a name ending in a newline, and `\d` other
# scripts' digits, so `8\n` or `٨` would pass for a day folder (found by fuzzing).
SNAPSHOT_NAME = re.compile(r"(?P<slug>.+)\.source-(?P<number>[1-9][0-9]*)\.txt", re.DOTALL)
YEAR, MONTH, DAY = re.compile("[0-9]{4}"), re.compile("[0-9]{1,2}"), re.compile("[0-9]{1,2}")


@dataclass
class DayFolder:
    """One day's folder: its event files by slug, their snapshots, and its index.md."""

    relpath: str  # "news/2012/02/8"
    date: datetime.date | None
    events: dict[str, Path] = field(default_factory=dict)
    snapshots: dict[str, dict[int, Path]] = field(default_factory=dict)
    index: Path | None = None
    stray: list[str] = field(default_factory=list)

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


def find_day_dirs(
    root: Path, only: tuple[int, ...] = ()
) -> list[tuple[datetime.date | None, Path]]:
    """Every `news/Y/M/D` folder under `root` within `only`, in date order, with its date.

    Read each one with `read_folder`.
    """
    return [(date, path) for date, path in _day_dirs(root) if in_scope(date, only)]


def misplaced_files(root: Path) -> list[Problem]:
    """Event files outside any day folder: refused, so nothing is silently skipped."""
    day_dirs = {path for _date, path in _day_dirs(root)}
    problems = []
    for dirpath, _dirs, files in os.walk(root / "news"):
        if Path(dirpath) in day_dirs:
            continue
        for name in sorted(files):
            if name.endswith(".md") and name != "index.md":
                rel = (Path(dirpath) / name).relative_to(root).as_posix()
                problems.append(Problem(rel, 1, "not in a news/YYYY/MM/D/ folder"))
    return problems


def _day_dirs(root: Path) -> list[tuple[datetime.date | None, Path]]:
    news = root / "news"
    if not news.is_dir():
        raise FileNotFoundError(f"{root}: no news/ folder here (expected {news})")
    found = [
        (_folder_date(year.name, month.name, day.name), day)
        for year in _subfolders(news, YEAR)
        for month in _subfolders(year, MONTH)
        for day in _subfolders(month, DAY)
    ]
    found.sort(key=lambda item: (item[0] or datetime.date.min, item[1].as_posix()))
    return found


def _subfolders(path: Path, pattern: re.Pattern) -> list[Path]:
    with os.scandir(path) as entries:
        names = [entry.name for entry in entries if entry.is_dir()]
    return sorted(path / name for name in names if pattern.fullmatch(name))


def _folder_date(year: str, month: str, day: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def read_folder(root: Path, path: Path, date: datetime.date | None) -> DayFolder:
    """One day folder's files, sorted out: events, snapshots, index.md, anything else."""
    folder = DayFolder(relpath=path.relative_to(root).as_posix(), date=date)
    with os.scandir(path) as entries:
        names = sorted(entry.name for entry in entries if entry.is_file())
    for name in names:
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
