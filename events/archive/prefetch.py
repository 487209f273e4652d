"""Read the day folders' files a little ahead of their scan, a couple of reads at a time.

An archive of 100,000 files the system no longer holds in memory takes ~20 s to read one file
after another, the scan idle all the while. Threads reading the next folders (a read waits
without holding the GIL) keep the disk busy while the scan digests and parses. Files are only
read here: what they mean is decided by the scan (events.archive.scan), one after the other.
Two threads: as fast as four on this archive, for less time spent passing the GIL around. Worth
it in the scan's worker process (events.archive.scan_worker), where little else needs the GIL.
"""

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .discovery import DayFolder
from .files import NotUsable, read_limited
from .parser import MAX_FILE_BYTES

READ_THREADS = 2
FOLDERS_AHEAD = 32  # ~550 files of ~2.5 KB: a few MB held at most
# A larger file is left to the scan to read when it gets there (the parser refuses it
# anyway): read ahead, a few of them would hold far more memory than the whole window.
LARGEST_READ_AHEAD = 1024 * 1024


class FolderFiles:
    """One day folder with the bytes of its files, as read ahead."""

    def __init__(self, folder: DayFolder, contents: dict[Path, bytes | NotUsable]):
        self.folder = folder
        self._contents = contents

    def read(self, path: Path) -> bytes:
        """The file's bytes, at most the parser's limit plus one; raises NotUsable (also for a
        read that failed ahead: now, where it counts)."""
        found = self._contents.pop(path, None)
        if found is None:
            return read_limited(self.folder.root, path, MAX_FILE_BYTES)
        if isinstance(found, NotUsable):
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
            data = read_limited(folder.root, path, LARGEST_READ_AHEAD)
        except NotUsable as refusal:
            contents[path] = refusal
        else:
            # One byte more than read ahead allows: left to the scan, which reads to its limit.
            if len(data) <= LARGEST_READ_AHEAD:
                contents[path] = data
    return FolderFiles(folder, contents)
