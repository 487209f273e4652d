"""One archive import at a time per database: a second import waits for the first to finish.

Two imports running at once both insert the archive's new events. Without a lock the second
fails on the first's unique keys: on SQLite it refuses every file, on PostgreSQL it stops with
a duplicate-key error, and two imports updating the same rows in different orders could
deadlock. The second import waits rather than refuses: once the first has finished, it finds
the archive unchanged and writes nothing, so it still does what it was asked (a nightly job
that overlaps a manual run succeeds instead of failing for nothing).

The lock dies with its holder, so an import killed part way never leaves it stuck:
- PostgreSQL: a session-level advisory lock on a fixed key, scoped to the current database
  and released by the server when the session ends;
- SQLite: `flock` on a file beside the database file, released by the kernel with the process.
  An in-memory SQLite database is reachable from one process only and needs no lock.
"""

import fcntl
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connections

# "newsimp!" as a signed 64-bit number: the advisory lock's key, the same in every process.
IMPORT_LOCK_KEY = int.from_bytes(b"newsimp!", "big", signed=True)
LOCK_FILE_SUFFIX = ".import-lock"
WAITING = "Another import is running on this database; waiting for it to finish."

logger = logging.getLogger(__name__)

Notify = Callable[[str], None]


@contextmanager
def import_lock(on_wait: Notify | None = None, using: str = "default") -> Iterator[None]:
    """Hold the database's import lock for the `with` block; `on_wait` hears about a wait."""
    notify = on_wait or logger.warning
    connection = connections[using]
    if connection.vendor == "postgresql":
        with advisory_lock(connection, notify):
            yield
    elif connection.vendor == "sqlite" and not connection.is_in_memory_db():
        with file_lock(lock_file_for(connection.settings_dict["NAME"]), notify):
            yield
    else:
        yield


def lock_file_for(database_name) -> Path:
    """`db.sqlite3` -> `db.sqlite3.import-lock`, beside it."""
    path = Path(database_name)
    return path.with_name(path.name + LOCK_FILE_SUFFIX)


@contextmanager
def advisory_lock(connection, notify: Notify) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [IMPORT_LOCK_KEY])
        if not cursor.fetchone()[0]:
            notify(WAITING)
            cursor.execute("SELECT pg_advisory_lock(%s)", [IMPORT_LOCK_KEY])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [IMPORT_LOCK_KEY])


@contextmanager
def file_lock(path: Path, notify: Notify) -> Iterator[None]:
    # The file stays after use: deleting it would let a waiter lock a file no longer in place.
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            notify(WAITING)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
