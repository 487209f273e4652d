"""Hostile archive trees for the importer: what a careless operator or an attacker could leave in
an archive folder besides good files. Links out of it (to a secret file, a folder, a dangling
or looping target), links inside it, named pipes, sockets, devices, sparse giant files, trees
nested far too deep, and files or folders no one may read.

Each case is a `Hostile` that builds itself under an archive root, next to a `SECRET` file
outside it, and says which archive paths the import must refuse.
"""

import contextlib
import os
import socket
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from events.archive.parser import MAX_FILE_BYTES
from tests.archive_files import event_text

SECRET_TEXT = "root:x:0:0:secret-outside-the-archive"
NOBODY = 65534
DEEP = 1100


@dataclass
class Layout:
    """A temporary folder holding an archive root and, beside it, a secret file and folder."""

    top: Path

    @property
    def root(self) -> Path:
        return self.top / "archive"

    @property
    def secret(self) -> Path:
        return self.top / "outside" / "secret.md"


@contextlib.contextmanager
def layout() -> Iterator[Layout]:
    """World-readable, so that a case may read as another user (`unprivileged`)."""
    top = tempfile.mkdtemp(prefix="hostile-")
    try:
        os.chmod(top, 0o755)  # noqa: S103 (read by user nobody; holds test files only)
        place = Layout(Path(top))
        place.root.mkdir()
        place.secret.parent.mkdir()
        place.secret.write_text(event_text(headline=SECRET_TEXT))
        (place.secret.parent / "secret.source-1.txt").write_text(f"{SECRET_TEXT}\n\ntext")
        yield place
    finally:
        # Not shutil.rmtree: it recurses once per level, and a case nests 1,100 of them.
        subprocess.run(["rm", "-rf", "--", top], check=True)  # noqa: S603, S607


def good_file(root: Path, relpath: str, headline: str = "A good event.") -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    day = relpath.split("/")[1:4]
    path.write_text(
        event_text(date="-".join(day), folder="/news/" + "/".join(day), headline=headline)
    )


@dataclass
class Hostile:
    """One hostile thing in an archive, and the archive paths whose refusal it must cause."""

    name: str
    build: object  # (Layout) -> None; has `.path`, the archive path refused
    reason: str  # what the refusal says, in part
    unprivileged: bool = False  # read as another user: permissions bind root too

    @property
    def refused(self) -> str:
        return self.build.path

    def __repr__(self):
        return f"Hostile({self.name})"


def _link(target_of, relpath: str):
    def build(place: Layout):
        path = place.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target_of(place))

    build.path = relpath
    return build


def _special(kind: str, relpath: str):
    def build(place: Layout):
        path = place.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "device":
            os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # like /dev/null
        else:
            # Bound and closed: the socket file stays, nothing listens.
            with socket.socket(socket.AF_UNIX) as server:
                server.bind(str(path))

    build.path = relpath
    return build


def _sparse(relpath: str, size: int):
    def build(place: Layout):
        path = place.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as file:
            file.write(event_text().encode())
            file.truncate(size)  # a hole: no disk, no memory, `stat` says `size`

    build.path = relpath
    return build


def _deep(relpath: str, depth: int):
    def build(place: Layout):
        path = place.root / relpath
        path.mkdir(parents=True, exist_ok=True)
        for _ in range(depth):  # one at a time: mkdir(parents=True) recurses per level
            path = path / "d"
            path.mkdir()
        (path / "buried.md").write_text(event_text())

    build.path = relpath + "/" + "/".join(["d"] * 8)  # the first folder past the limit
    return build


def _closed(relpath: str, content: str | None):
    def build(place: Layout):
        path = place.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            path.mkdir()
            (path / "inside.md").write_text(event_text())
        else:
            path.write_text(content)
        path.chmod(0)

    build.path = relpath
    return build


DAY = "news/2012/02/8"
OUT, PIPE, UNREADABLE = "outside the archive", "named pipe", "Permission denied"
TOO_LARGE = "file too large"
HOSTILE_CASES = [
    Hostile("event file linked out", _link(lambda p: p.secret, f"{DAY}/out.md"), OUT),
    Hostile(
        "snapshot linked out",
        _link(lambda p: p.secret.with_name("secret.source-1.txt"), f"{DAY}/good.source-1.txt"),
        OUT,
    ),
    Hostile("index linked out", _link(lambda p: p.secret, f"{DAY}/index.md"), OUT),
    Hostile("day linked out", _link(lambda p: p.secret.parent, "news/2012/02/9"), OUT),
    Hostile("month linked out", _link(lambda p: p.top, "news/2012/03"), OUT),
    Hostile("year linked out", _link(lambda p: p.top, "news/2013"), OUT),
    Hostile("year linked to events outside", _link(lambda p: p.secret.parent, "news/2015"), OUT),
    Hostile("link to /", _link(lambda p: Path("/"), f"{DAY}/root.md"), OUT),
    Hostile("link to /etc/passwd", _link(lambda p: Path("/etc/passwd"), f"{DAY}/pw.md"), OUT),
    Hostile("dangling link", _link(lambda p: p.root / "nowhere.md", f"{DAY}/gone.md"), "No such"),
    Hostile("looping link", _link(lambda p: p.root / DAY / "loop.md", f"{DAY}/loop.md"), "levels"),
    Hostile("named pipe", _special("fifo", f"{DAY}/pipe.md"), PIPE),
    Hostile("pipe as snapshot", _special("fifo", f"{DAY}/good.source-2.txt"), PIPE),
    Hostile("pipe as index", _special("fifo", f"{DAY}/index.md"), PIPE),
    Hostile("socket", _special("socket", f"{DAY}/socket.md"), "socket"),
    Hostile("device", _special("device", f"{DAY}/device.md"), "character device"),
    Hostile("pipe in a junk folder", _special("fifo", "news/junk/pipe.md"), PIPE),
    Hostile("sparse 4 GB file", _sparse(f"{DAY}/huge.md", 4 * 1024**3), TOO_LARGE),
    Hostile("one byte too many", _sparse(f"{DAY}/over.md", MAX_FILE_BYTES + 1), TOO_LARGE),
    Hostile("tree nested 1,100 deep", _deep("news/junk", DEEP), "nested more than 8"),
    Hostile("unreadable file", _closed(f"{DAY}/closed.md", event_text()), UNREADABLE, True),
    Hostile("unreadable snapshot", _closed(f"{DAY}/good.source-1.txt", "t"), UNREADABLE, True),
    Hostile("unreadable index", _closed(f"{DAY}/index.md", "# x"), UNREADABLE, True),
    Hostile("unreadable day", _closed("news/2012/02/10", None), UNREADABLE, True),
    Hostile("unreadable year", _closed("news/2014", None), UNREADABLE, True),
    Hostile("unreadable junk", _closed("news/junk2", None), UNREADABLE, True),
]
# Where each case's refusal is: the path its builder made.
hostile_cases = st.lists(
    st.sampled_from(HOSTILE_CASES), min_size=1, max_size=5, unique_by=lambda case: case.refused
)


@contextlib.contextmanager
def unprivileged(needed: bool) -> Iterator[None]:
    """Read as user nobody when run as root, whom no file permission stops."""
    if not needed or os.geteuid() != 0:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)
