"""Import, re-import and export benchmark over a generated archive.

    python bench/bench_import.py --events 100000

Generates (once, cached under bench-data/) an archive of N events, then on a fresh database
(SQLite under bench-data/, or a `newsroom_bench` database beside the one DATABASE_URL names
when that is PostgreSQL) times: the first import, a re-import of the unchanged archive, and an
export; with each step's peak memory. Each step is its own process, as a user would run it.
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
TARGETS = {"import": 45.0, "re-import": 10.0, "export": 20.0}
MEMORY_TARGET_MB = 300


def bench_database(data: Path) -> tuple[str, str]:
    """A fresh database URL for the run, and a label for the report."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        path = data / "bench.sqlite3"
        for leftover in data.glob("bench.sqlite3*"):
            leftover.unlink()
        return f"sqlite:///{path}", "SQLite"
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    for sql in ("DROP DATABASE IF EXISTS newsroom_bench", "CREATE DATABASE newsroom_bench"):
        subprocess.run(["psql", admin, "-q", "-c", sql], check=True)  # noqa: S603, S607
    return urlunsplit(parts._replace(path="/newsroom_bench")), "PostgreSQL"


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
    export_dir = data / "export"
    subprocess.run(["rm", "-rf", str(export_dir)], check=True)  # noqa: S603, S607
    steps = {
        "import": [*manage, "import_archive", str(archive)],
        "re-import": [*manage, "import_archive", str(archive)],
        "export": [*manage, "export_archive", str(export_dir)],
    }
    print(f"\n{args.events} events, {label}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    # CPU seconds are the command's own (not the database server's): a check on a busy machine.
    print(f"{'step':<10} {'seconds':>8} {'target':>7} {'cpu s':>6} {'peak MB':>8}  result")
    for name, command in steps.items():
        seconds, cpu, peak, output = timed(command, env)
        ok = seconds <= TARGETS[name] and peak <= MEMORY_TARGET_MB
        print(
            f"{name:<10} {seconds:>8.1f} {TARGETS[name]:>7.0f} {cpu:>6.1f} {peak:>8.0f}  "
            f"{'ok' if ok else 'MISSED'}   {output.strip().splitlines()[0]}",
            flush=True,
        )


if __name__ == "__main__":
    main()
