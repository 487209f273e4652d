"""Import, re-import and export benchmark over a generated archive.

    python bench/bench_import.py --events 100000

Generates (once, cached under bench-data/) an archive of N events, then on a fresh database
(SQLite under bench-data/, or, when DATABASE_URL names PostgreSQL database `X`, a database
`X_bench` beside it, so runs from several checkouts on one server keep apart) times: the
first import, a re-import of the unchanged archive, and an export; with each step's peak
memory. Each step is its own process, as a user would run it.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate_archive import write_archive  # noqa: E402

PY = sys.executable
# Seconds at 100,000 events. The first import's: under 40 s on SQLite (about 6x the time to
# read and parse the files, the floor no import can beat), under 60 s on PostgreSQL.
TARGETS = {
    "SQLite": {"read+parse": None, "import": 40.0, "re-import": 10.0, "export": 20.0},
    "PostgreSQL": {"read+parse": None, "import": 60.0, "re-import": 10.0, "export": 20.0},
}
MEMORY_TARGET_MB = 300
# ext4 without a journal (as on this project's machines) does not reuse an inode for a minute
# after its file was deleted, six if its inode table block is dirty, and every new file then
# steps over the recently deleted ones: after deleting 100,000 files, creating 100,000 more
# costs the kernel 30-60 s more. So the last run's export is deleted after this run's, and an
# export this soon after a deletion waits first: the figure is the exporter's, not that.
INODE_REUSE_DELAY = 6 * 60
DELETED_AT = "exports-deleted-at"
WAIT_FROM_EVENTS = 10_000


def bench_database(data: Path, name: str = "newsroom_bench") -> tuple[str, str]:
    """A fresh database URL for the run, and a label for the report."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        path = data / f"{name.removeprefix('newsroom_')}.sqlite3"
        for leftover in data.glob(f"{path.name}*"):
            leftover.unlink()
        return f"sqlite:///{path}", "SQLite"
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'newsroom'}_{name.removeprefix('newsroom_')}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", admin, "-q", "-c", sql], check=True)  # noqa: S603, S607
    return urlunsplit(parts._replace(path=f"/{name}")), "PostgreSQL"


def timed(command: list[str], env: dict) -> tuple[float, float, float, str]:
    """Run a command: its wall and CPU seconds, its peak memory in MB, and its output."""
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed:\n{output}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    data = ROOT / "bench-data"
    archive = data / f"archive-{args.events}"
    if not (archive / "news").is_dir():
        print(f"generating {args.events} events in {archive} ...", flush=True)
        write_archive(archive, args.events)
    url, label = bench_database(data)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "newsroom.settings.test"}
    manage = [PY, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    export_dir = data / f"export-{time.time_ns()}"
    steps = {
        # The floor: every file read and parsed, every check made, nothing written.
        "read+parse": [*manage, "import_archive", "--dry-run", str(archive)],
        "import": [*manage, "import_archive", str(archive)],
        "re-import": [*manage, "import_archive", str(archive)],
        "export": [*manage, "export_archive", str(export_dir)],
    }
    print(f"\n{args.events} events, {label}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    # CPU seconds are the command's own (not the database server's): a check on a busy machine.
    print(
        f"{'step':<10} {'seconds':>8} {'x floor':>7} {'target':>7} {'cpu s':>6} {'peak MB':>8}"
        "  result"
    )
    floor = None
    for name, command in steps.items():
        if name == "export":
            wait_for_inode_reuse(data, args.events)
        seconds, cpu, peak, output = timed(command, env)
        floor = floor or seconds
        target = TARGETS[label][name]
        verdict = "floor" if target is None else "ok" if seconds <= target else "MISSED"
        if peak > MEMORY_TARGET_MB:
            verdict = "MISSED"
        print(
            f"{name:<10} {seconds:>8.1f} {seconds / floor:>7.1f} {target or '-':>7} {cpu:>6.1f} "
            f"{peak:>8.0f}  {verdict}   {output.strip().splitlines()[0]}",
            flush=True,
        )
    delete_earlier_exports(data, keep=export_dir)


def wait_for_inode_reuse(data: Path, events: int) -> None:
    """Wait until files deleted by an earlier run no longer slow down creating files; not for
    a small archive, whose export no one times (`make bench-smoke`)."""
    marker = data / DELETED_AT
    if not marker.exists() or events < WAIT_FROM_EVENTS:
        return
    remaining = float(marker.read_text()) + INODE_REUSE_DELAY - time.time()
    if remaining > 0:
        print(f"(waiting {remaining:.0f} s after the last run's deletion: INODE_REUSE_DELAY)")
        time.sleep(remaining)


def delete_earlier_exports(data: Path, keep: Path) -> None:
    earlier = [path for path in data.glob("export*") if path.is_dir() and path != keep]
    for path in earlier:
        subprocess.run(["rm", "-rf", str(path)], check=True)  # noqa: S603, S607
    if earlier:
        (data / DELETED_AT).write_text(f"{time.time()}\n")


if __name__ == "__main__":
    main()
