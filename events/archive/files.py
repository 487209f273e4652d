"""The archive's file system, as the importer may use it: never outside ROOT, never unbounded.

An archive comes from outside (a download, an unpacked tarball, a shared folder), so every
name in it is checked before it is used:

- Every path is resolved to its real path, through every symbolic link of every component, and
  whatever resolves outside the archive's own real path is refused, by name, and never opened.
  A link that stays inside the archive is followed: it reads as a copy of what it points at
  (docs/archive-format.md, "Links and special files").
- Only folders and regular files are used: named pipes, sockets and devices are refused by
  name (opening a pipe would wait forever; reading a device, for ever too).
- A read takes at most its limit plus one byte, whatever `stat` says (a sparse file reports
  gigabytes, files of /proc report none): one byte more is all it takes to know it is too large.
- A file-system error (no permission, a loop of links, a name too long) becomes a reason.
"""

import os
import stat
from functools import lru_cache
from pathlib import Path

READ_CHUNK = 1024 * 1024
# Opened without following a last link (the path is already resolved) and without waiting:
# a pipe swapped in after the check opens at once, and is refused by its fstat.
OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
FOLDER, FILE = "folder", "file"


class NotUsable(Exception):
    """A path of the archive the import does not read, with the reason."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def real_root(root: Path) -> Path:
    """The archive's real path: every check compares against it. Called once per import, it
    also forgets the folders the last import resolved."""
    _real_folder.cache_clear()
    return Path(os.path.realpath(root))


def kind_of(root: Path, path: Path) -> str:
    """`FOLDER` or `FILE`, following links that stay inside `root` (a real path); raises
    NotUsable for anything else."""
    real = _resolved_inside(root, path)
    try:
        status = os.stat(real)
    except OSError as error:
        raise _unreadable(error) from None
    return _kind(status)


def read_limited(root: Path, path: Path, limit: int) -> bytes:
    """The file's bytes, at most `limit + 1` of them; raises NotUsable."""
    real = _resolved_inside(root, path)
    try:
        descriptor = os.open(real, OPEN_FLAGS)
    except OSError as error:
        raise _unreadable(error) from None
    try:
        if _kind(os.fstat(descriptor)) != FILE:
            raise NotUsable("a folder, not a file; not read")
        return _read_at_most(descriptor, limit + 1)
    except OSError as error:
        raise _unreadable(error) from None
    finally:
        os.close(descriptor)


def list_folder(path: Path) -> list[str]:
    """The names in a folder, sorted; raises NotUsable when it cannot be listed."""
    try:
        with os.scandir(path) as entries:
            return sorted(entry.name for entry in entries)
    except OSError as error:
        raise _unreadable(error) from None


def _resolved_inside(root: Path, path: Path) -> str:
    real = _real_path(path)
    top = str(root)
    if real != top and not real.startswith(top.rstrip(os.sep) + os.sep):
        raise NotUsable(f"a symbolic link to {real}, outside the archive; not read")
    return real


def _real_path(path: Path) -> str:
    """`os.path.realpath(path)`, without resolving its folder again for each of its files.

    `realpath` takes an lstat per component of the path: for a 100,000-file archive two million,
    which were half the time of reading and parsing it. The files of a folder come one after the
    other, so its real path is kept (for this import only, see real_root) and a file that is not
    itself a link is that real path plus its name.
    """
    try:
        is_link = stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        is_link = True  # missing or unreadable: realpath says what it can, the open says why not
    if is_link or path.name in ("", ".", ".."):
        return os.path.realpath(path)
    return os.path.join(_real_folder(os.fspath(path.parent)), path.name)


@lru_cache(maxsize=1024)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def _kind(status: os.stat_result) -> str:
    if stat.S_ISDIR(status.st_mode):
        return FOLDER
    if stat.S_ISREG(status.st_mode):
        return FILE
    for test, name in SPECIAL_KINDS:
        if test(status.st_mode):
            return _refuse_special(name)
    return _refuse_special("not a regular file")


def _refuse_special(name: str):
    raise NotUsable(f"{name}, not a regular file; not read")


def _read_at_most(descriptor: int, most: int) -> bytes:
    chunks, size = [], 0
    while size < most:
        chunk = os.read(descriptor, min(READ_CHUNK, most - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _unreadable(error: OSError) -> NotUsable:
    return NotUsable(f"cannot be read ({error.strerror or error})")
