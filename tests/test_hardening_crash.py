"""Crash safety of the import, with real processes: `manage.py import_archive` killed with
SIGKILL part way and run again leaves the database exactly as one clean run does; two imports
of one archive at once neither duplicate events nor deadlock, the second waits for the first.

The imports run as subprocesses against a database they can reach: a temporary SQLite file
on the SQLite pass, the test database itself on the PostgreSQL pass.
"""

import select
import shutil
import signal
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from bench.generate_archive import write_archive
from events.archive.lock import WAITING, advisory_lock, file_lock, lock_file_for
from events.models import Event, Related, TaggedEvent, Topic

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

EVENTS = 6000  # three of the importer's batches of 2,000: killed in the second, then the third
BATCH = 2000
RACE_EVENTS = 2000  # enough for the second of two imports to find the first still running
MANAGE = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
PATIENCE = 300  # seconds any one command may take on a busy machine before the test gives up


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    write_archive(root, EVENTS)
    return root


@pytest.fixture(scope="module")
def race_archive(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("race")
    write_archive(root, RACE_EVENTS)
    return root


class Target:
    """A database that both this test and its subprocesses reach."""

    def __init__(self, url: str, sqlite_path: Path | None = None):
        self.url = url
        self.sqlite_path = sqlite_path
        self.env = {"DJANGO_SETTINGS_MODULE": "newsroom.settings.test", "DATABASE_URL": url}

    def query(self, sql: str) -> list[tuple]:
        if self.sqlite_path:
            import sqlite3

            with closing(sqlite3.connect(self.sqlite_path, timeout=30)) as db:
                return db.execute(sql).fetchall()
        with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as db:
            return db.execute(sql).fetchall()

    def count_events(self) -> int:
        return self.query(f"SELECT COUNT(*) FROM {Event._meta.db_table}")[0][0]  # noqa: S608

    def hold_import_lock(self, notify=print):
        """The lock `import_archive` takes, held by this test process."""
        if self.sqlite_path:
            return file_lock(lock_file_for(self.sqlite_path), notify)
        return advisory_lock(connection, notify)


@pytest.fixture
def target(tmp_path, transactional_db):
    if connection.vendor == "postgresql":
        database = connection.settings_dict
        url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        yield Target(url)
        return
    template = tmp_path / "migrated.sqlite3"
    manage(Target(f"sqlite:///{template}"), "migrate", "--no-input", "-v", "0")
    yield EmptySqlite(template)


class EmptySqlite(Target):
    """A temporary SQLite file, migrated once; `empty()` starts it afresh from that copy."""

    def __init__(self, template: Path):
        self.template = template
        path = template.with_name("db.sqlite3")
        super().__init__(f"sqlite:///{path}", path)
        self.empty()

    def empty(self):
        for stale in self.sqlite_path.parent.glob("db.sqlite3*"):
            stale.unlink()
        shutil.copyfile(self.template, self.sqlite_path)


def empty(target: Target) -> None:
    if isinstance(target, EmptySqlite):
        target.empty()
        return
    tables = ", ".join(model._meta.db_table for model in (Event, Topic))
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


def manage(target: Target, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [*MANAGE, *args],
        env={"PATH": "/usr/bin:/bin", **target.env},
        capture_output=True,
        text=True,
        timeout=PATIENCE,
        check=True,
    )


def start_import(target: Target, archive: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [*MANAGE, "import_archive", str(archive), "-v", "1"],
        env={"PATH": "/usr/bin:/bin", **target.env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_once_written(process: subprocess.Popen, target: Target, at_least: int) -> int:
    """SIGKILL the import as soon as `at_least` events are committed; the count it left."""
    deadline = time.monotonic() + PATIENCE
    while target.count_events() < at_least:
        assert process.poll() is None, f"the import ended before {at_least} events were written"
        assert time.monotonic() < deadline, "the import wrote too slowly"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=PATIENCE)
    assert process.returncode == -signal.SIGKILL
    return target.count_events()


def exported(target: Target, folder: Path) -> dict[str, bytes]:
    manage(target, "export_archive", str(folder), "--include-drafts", "-v", "0")
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.md")}


def what_exports_leave_out(target: Target) -> dict[str, list[tuple]]:
    """Status, topics (names and slugs) and where each link points: by archive path."""
    event, topic, tagged, related = (m._meta.db_table for m in (Event, Topic, TaggedEvent, Related))
    return {
        "status": target.query(f"SELECT archive_path, status FROM {event} ORDER BY 1"),  # noqa: S608
        "topics": target.query(
            f"SELECT e.archive_path, t.name, t.slug FROM {tagged} x "  # noqa: S608
            f"JOIN {event} e ON e.id = x.content_object_id JOIN {topic} t ON t.id = x.tag_id "
            "ORDER BY 1, 2"
        ),
        "links": target.query(
            f"SELECT e.archive_path, r.position, t.archive_path FROM {related} r "  # noqa: S608
            f"JOIN {event} e ON e.id = r.event_id LEFT JOIN {event} t ON t.id = r.target_id "
            "ORDER BY 1, 2"
        ),
    }


def test_an_import_killed_twice_then_rerun_equals_one_clean_run(target, archive, tmp_path):
    clean = start_import(target, archive)
    out, err = clean.communicate(timeout=PATIENCE)
    assert clean.returncode == 0, err
    assert f"{EVENTS} files: {EVENTS} created" in out
    clean_export = exported(target, tmp_path / "clean")
    clean_rest = what_exports_leave_out(target)
    assert sum(not path.endswith("/index.md") for path in clean_export) == EVENTS

    empty(target)
    first = kill_once_written(start_import(target, archive), target, at_least=BATCH)
    assert BATCH <= first < EVENTS
    second = kill_once_written(start_import(target, archive), target, at_least=first + 1)
    assert first < second < EVENTS
    rerun = start_import(target, archive)
    out, err = rerun.communicate(timeout=PATIENCE)
    assert rerun.returncode == 0, err
    assert f"{EVENTS - second} created, 0 updated, {second} unchanged, 0 refused" in out

    assert exported(target, tmp_path / "rerun") == clean_export
    assert what_exports_leave_out(target) == clean_rest


def read_stderr_until(process: subprocess.Popen, text: str) -> str:
    """What the process wrote to stderr up to and including `text`; fails on timeout."""
    seen = ""
    deadline = time.monotonic() + PATIENCE
    while text not in seen:
        remaining = deadline - time.monotonic()
        assert remaining > 0 and process.poll() is None, f"no {text!r} on stderr: {seen!r}"
        ready, _, _ = select.select([process.stderr], [], [], remaining)
        if ready:
            seen += process.stderr.readline()
    return seen


def test_an_import_waits_while_another_holds_the_lock(target, race_archive):
    with target.hold_import_lock():
        waiting = start_import(target, race_archive)
        read_stderr_until(waiting, WAITING)
        time.sleep(1)  # it is waiting, not slow: a second on, it has still written nothing
        assert waiting.poll() is None
        assert target.count_events() == 0
    out, err = waiting.communicate(timeout=PATIENCE)
    assert waiting.returncode == 0, err
    assert f"{RACE_EVENTS} files: {RACE_EVENTS} created, 0 updated, 0 unchanged, 0 refused" in out
    assert target.count_events() == RACE_EVENTS


def test_two_imports_started_at_once_write_each_event_once(target, race_archive):
    imports = [start_import(target, race_archive) for _ in range(2)]
    results = [process.communicate(timeout=PATIENCE) for process in imports]
    assert [process.returncode for process in imports] == [0, 0], [err for _, err in results]
    reports = sorted(out.splitlines()[0] for out, _ in results)
    n = RACE_EVENTS
    assert reports == [
        f"{n} files: 0 created, 0 updated, {n} unchanged, 0 refused, 0 warnings.",
        f"{n} files: {n} created, 0 updated, 0 unchanged, 0 refused, 0 warnings.",
    ]
    # Usually one waits for the other; however they interleave, each event is written once.
    assert sum(WAITING in err for _, err in results) <= 1
    assert target.count_events() == RACE_EVENTS
    paths = target.query(f"SELECT COUNT(DISTINCT archive_path) FROM {Event._meta.db_table}")  # noqa: S608
    assert paths == [(RACE_EVENTS,)]
