"""Scanning the archive's folders (read, digest, parse) in a worker process, as the importer does
for a large archive: the same findings, in the same order, as a scan in-process."""

import os
import shutil
from pathlib import Path

import pytest

from events.archive.discovery import find_day_dirs
from events.archive.importer import import_archive
from events.archive.scan_worker import WORKER_FROM_FOLDERS, scanned_folders
from events.models import Event, Related
from tests.archive_files import SEED_DIR, SEED_SLUG, event_text, write_archive

TOO_LONG_TOPIC = "x" * 300


def link(day: int, slug: str, context: str) -> str:
    return f"1. [Target ](/news/2012/03/{day}/{slug}.md) _Context: {context}_"


def tricky_archive(root: Path) -> Path:
    """Refusals, warnings, snapshots, stray files, an impossible date, two folders for one day."""
    shutil.copytree(SEED_DIR, root / "news" / "2012" / "02" / "8")
    return write_archive(
        root,
        {
            f"news/2012/02/8/{SEED_SLUG}.source-7.txt": "Title\n\nA snapshot of no source.",
            "news/2012/02/8/lone.source-1.txt": "Title\n\nNo event file.",
            "news/2012/02/8/notes.txt": "not an archive file",
            "news/2012/03/1/index.md": "[B](/news/2012/03/1/b.md)\n[A](/news/2012/03/1/a.md)\n",
            "news/2012/03/1/a.md": event_text(
                date="2012-03-1", folder="/news/2012/03/1", related=[link(2, "b", "Chongqing")]
            ),
            "news/2012/03/1/b.md": event_text(
                date="2012-03-1",
                folder="/news/2012/03/1",
                related=[link(1, "a", f"Chongqing, {TOO_LONG_TOPIC}"), "2. not a link"],
            ),
            "news/2012/03/1/empty.md": b"",
            "news/2012/03/01/a.md": event_text(date="2012-03-1", folder="/news/2012/03/1"),
            "news/2012/02/30/impossible.md": event_text(),
            "news/2012/03/2/latin1.md": "### caf\xe9".encode("latin-1"),
        },
    )


def scan(root: Path, digests: dict[str, str], in_worker: bool) -> list:
    with scanned_folders(
        root, find_day_dirs(root).day_dirs, digests, in_worker=in_worker
    ) as folders:
        return list(folders)


def scan_worker_processes() -> list[int]:
    """This process's children that are scan workers."""
    children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split()
    found = []
    for pid in children:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except FileNotFoundError:
            continue  # ended meanwhile
        if b"events.archive.scan_process" in command:
            found.append(int(pid))
    return found


def test_a_worker_finds_what_an_in_process_scan_finds(tmp_path):
    root = tricky_archive(tmp_path)
    in_process = scan(root, {}, in_worker=False)
    assert scan(root, {}, in_worker=True) == in_process
    files = [item for folder in in_process for item in folder.files]
    assert any(item.refusal for item in files)
    assert any(item.later_warnings for item in files)
    assert [folder.lone_snapshots for folder in in_process if folder.lone_snapshots] == [["lone"]]
    assert not scan_worker_processes()


def test_files_with_their_imported_digest_are_not_parsed_again(tmp_path):
    root = tricky_archive(tmp_path)
    first = scan(root, {}, in_worker=False)
    digests = {
        folder.event_path(item.slug): item.digest
        for folder in first
        for item in folder.files
        if item.event and item.slug != "a"
    }
    for in_worker in (False, True):
        again = {
            folder.event_path(item.slug): item
            for folder in scan(root, digests, in_worker)
            for item in folder.files
        }
        for path, digest in digests.items():
            assert (again[path].digest, again[path].event) == (digest, None)
        assert again["/news/2012/03/1/a.md"].event is not None


def test_a_scan_stopped_part_way_leaves_no_worker_behind(tmp_path):
    root = tricky_archive(tmp_path)
    with scanned_folders(root, find_day_dirs(root).day_dirs, {}, in_worker=True) as folders:
        next(folders)
        assert scan_worker_processes()
    assert not scan_worker_processes()


@pytest.mark.django_db
def test_a_large_archive_imports_through_the_worker_as_a_small_one_would(tmp_path):
    days = [f"{1990 + n // 28}/{1 + n % 12:02d}/{1 + n % 28}" for n in range(WORKER_FROM_FOLDERS)]
    files = {
        f"news/{day}/event.md": event_text(
            date=day.replace("/", "-"),
            folder=f"/news/{day}",
            related=[f"1. [Next ](/news/{days[n - 1]}/event.md) _Context: Topic {n % 3}_"],
        )
        for n, day in enumerate(days)
    }
    files["news/1990/01/1/empty.md"] = b""
    write_archive(tmp_path, files)
    assert len(find_day_dirs(tmp_path).day_dirs) >= WORKER_FROM_FOLDERS

    report = import_archive(tmp_path)

    assert (report.created, [str(p) for p in report.refused]) == (
        WORKER_FROM_FOLDERS,
        ["news/1990/01/1/empty.md:1: empty file"],
    )
    assert Event.objects.count() == WORKER_FROM_FOLDERS
    assert Related.objects.exclude(target=None).count() == WORKER_FROM_FOLDERS
    assert not scan_worker_processes()
    again = import_archive(tmp_path)
    assert (again.created, again.unchanged) == (0, WORKER_FROM_FOLDERS)
