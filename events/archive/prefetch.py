"""Read the day folders' files a little ahead of their scan, a couple of reads at a time.

An archive of 100,000 files the system no longer holds in memory takes ~20 s to read one file
after another, the scan idle all the while. Threads reading the next folders (a read waits
without holding the GIL) keep the disk busy while the scan digests and parses. Files are only
read here: what they mean is decided by the scan (events.archive.scan), one after the other.
Two threads: as fast as four on this archive, for less time spent passing the GIL around. Worth
it in the scan's worker process (events.archive.scan_worker), where little else needs the GIL.
"""

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .discovery import DayFolder

READ_THREADS = 2
FOLDERS_AHEAD = 32  # ~550 files of ~2.5 KB: a few MB held at most
# A larger file is left to the scan to read when it gets there (the parser refuses it
# anyway): read ahead, a few of them would hold far more memory than the whole window.
LARGEST_READ_AHEAD = 1024 * 1024


class FolderFiles:
    """One day folder with the bytes of its files, as read ahead."""

    def __init__(self, folder: DayFolder, contents: dict[Path, bytes | OSError]):
        self.folder = folder
        self._contents = contents

    def read(self, path: Path) -> bytes:
        """The file's bytes; a read that failed ahead raises its error now, where it counts."""
        found = self._contents.pop(path, None)
        if found is None:
            return path.read_bytes()
        if isinstance(found, OSError):
            raise found
        return found


def read_in_turn(folders: Iterable[DayFolder]) -> Iterator[FolderFiles]:
    """Each folder, its files read only when asked for: where reading ahead would not pay,
    because the reads would compete with the scan for the GIL (in the importer's process)."""
    for folder in folders:
        yield FolderFiles(folder, {})


def read_ahead(folders: Iterable[DayFolder]) -> Iterator[FolderFiles]:
    """Each folder with its files' bytes, in the order `folders` gives them."""
    window: deque = deque()
    with ThreadPoolExecutor(READ_THREADS, thread_name_prefix="archive-read") as pool:
        try:
            for folder in folders:
                window.append(pool.submit(_read_folder, folder))
                if len(window) > FOLDERS_AHEAD:
                    yield window.popleft().result()
            while window:
                yield window.popleft().result()
        finally:
            # A run that stops early (an error, a database failure) reads no further.
            for future in window:
                future.cancel()


def _read_folder(folder: DayFolder) -> FolderFiles:
    paths = [*folder.events.values()]
    for numbered in folder.snapshots.values():
        paths.extend(numbered.values())
    if folder.index:
        paths.append(folder.index)
    contents = {}
    for path in paths:
        try:
            data = _read_small(path)
        except OSError as error:
            contents[path] = error
        else:
            if data is not None:
                contents[path] = data
    return FolderFiles(folder, contents)


def _read_small(path: Path) -> bytes | None:
    """The file's bytes, or None when it is too large to read ahead."""
    with open(path, "rb") as file:
        if os.fstat(file.fileno()).st_size > LARGEST_READ_AHEAD:
            return None
        return file.read()
