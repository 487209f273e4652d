"""Scan the archive's day folders ahead of the import, in a second process for a large archive.

Reading, digesting and parsing 100,000 files costs the importer ~25 s during which the database
would wait for it; the database's own work for them takes as long, during which the importer
waits. A worker process scans the next folders while the importer writes the last ones, so the
two overlap on two cores. The worker hands the folders back in their order, so the import
decides and reports exactly as it would scanning them itself.

Only an import of a large archive that is mostly new uses the worker. A smaller one is scanned
in-process: starting a second Python would cost more than it saves. So is a re-import, whose
unchanged files are read and digested but not parsed: there is little to overlap, and handing
100,000 digests to the worker and back would cost more than reading the files here.

The worker is a plain `python -m events.archive.scan_process` talking pickles over its standard
input and output, not a multiprocessing pool: that would start by re-running the caller's main
script, which a script that imports without an `if __name__ == "__main__"` guard cannot take.
"""

import datetime
import os
import pickle
import signal
import subprocess
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from queue import Queue

from .scan import ScannedFolder, scan_folders

FOLDERS_PER_GROUP = 32  # ~550 files of ~2.5 KB: ~1 MB a message
GROUPS_AHEAD = 8  # ~4,400 files, two of the importer's batches: it never waits long
WORKER_FROM_FOLDERS = 200  # ~3,400 files: their scan takes about as long as starting a worker
# A re-import: at least one file imported before for each day folder, on average.
KNOWN_FILES_PER_FOLDER = 1

DayDirs = list[tuple[datetime.date | None, Path]]


@contextmanager
def scanned_folders(
    root: Path, day_dirs: DayDirs, digests: dict[str, str], in_worker: bool | None = None
) -> Iterator[Iterator[ScannedFolder]]:
    """The day folders scanned, in their order. `digests`: archive path -> the digest it was
    imported with. `in_worker`: scan in a second process; by default, for an archive of
    `WORKER_FROM_FOLDERS` folders or more that is not a re-import.
    """
    if in_worker is None:
        in_worker = (
            len(day_dirs) >= WORKER_FROM_FOLDERS
            and len(digests) < len(day_dirs) * KNOWN_FILES_PER_FOLDER
        )
    if not in_worker:
        yield (
            folder for group in _groups(day_dirs) for folder in scan_folders(root, group, digests)
        )
        return
    worker = _Worker()
    try:
        worker.send((root, day_dirs, digests))
        yield worker.folders()
    finally:
        worker.close()


class _Worker:
    """The worker process, from the importer's side."""

    def __init__(self):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}
        command = [sys.executable, "-m", "events.archive.scan_process"]
        self.process = subprocess.Popen(  # noqa: S603
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
        )
        self.finished = False

    def send(self, job: tuple) -> None:
        """The worker reads the whole job before it writes anything: no deadlock on pipes."""
        try:
            with self.process.stdin:
                pickle.dump(job, self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        except BrokenPipeError:
            raise self._stopped() from None

    def folders(self) -> Iterator[ScannedFolder]:
        while True:
            try:
                kind, value = pickle.load(self.process.stdout)  # noqa: S301 (our own worker's)
            except EOFError:
                raise self._stopped() from None
            if kind == "error":
                raise value
            if kind == "done":
                self.finished = True
                return
            yield from value

    def close(self) -> None:
        if not self.finished:
            self.process.kill()  # the import stopped part way: the rest is not wanted
        self.process.wait()
        self.process.stdout.close()

    def _stopped(self) -> RuntimeError:
        status = self.process.wait()
        return RuntimeError(f"The archive scan worker stopped (exit status {status}); see above.")


def _groups(day_dirs: DayDirs) -> Iterator[DayDirs]:
    for start in range(0, len(day_dirs), FOLDERS_PER_GROUP):
        yield day_dirs[start : start + FOLDERS_PER_GROUP]


def serve() -> None:
    """The worker: read the job, write each group of folders scanned, then "done"."""
    # The importer stops the worker itself; Ctrl-C in a terminal reaches both processes.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    root, day_dirs, digests = pickle.load(sys.stdin.buffer)  # noqa: S301 (from the importer)
    outbox: Queue = Queue(GROUPS_AHEAD)
    writer = threading.Thread(target=_write_all, args=(outbox, sys.stdout.buffer))
    writer.start()
    try:
        for group in _groups(day_dirs):
            outbox.put(_message("folders", scan_folders(root, group, digests, ahead=True)))
        outbox.put(_message("done", None))
    except Exception:  # noqa: BLE001 (handed to the importer, which raises it)
        failure = RuntimeError(f"The archive scan failed:\n{traceback.format_exc()}")
        outbox.put(_message("error", failure))
    outbox.put(None)
    writer.join()


def _message(kind: str, value) -> bytes:
    # Pickled here: ~2 KB a file waiting in the outbox instead of ~5 KB of objects.
    return pickle.dumps((kind, value), protocol=pickle.HIGHEST_PROTOCOL)


def _write_all(outbox: Queue, out) -> None:
    """Write each message as the importer takes them; scanning goes on meanwhile."""
    while (message := outbox.get()) is not None:
        try:
            out.write(message)
            out.flush()
        except BrokenPipeError:
            os._exit(0)  # the importer is gone: nothing left to do
