"""Serve a large archive with gunicorn and load its public pages with wrk.

    python bench/bench_web.py [--events 100000] [--seconds 10] [--connections 32] [--profile]
                              [--modes cold,warm,conditional] [--rounds 1]

Builds an SQLite database of N generated events once (bench/generate_archive.py, then the
import command) and reuses it; with --database-url, a PostgreSQL database given to the benchmark
instead. Serves it with gunicorn (2 workers, production settings, DEBUG off) on a free loopback
port and drives, in one run, a trivial Django view and the day, event and topic pages with wrk.
Prints requests/s, p50 and p99 for each, and the day page against its targets: at least 25% of
the trivial view's throughput, p99 under 100 ms. That is the "cold" mode: no page cache. The
"warm" mode serves the same pages from the page cache on Redis, and "conditional" asks for them
with their ETags (304s); each mode on its own gunicorn beside the trivial view (bench/web/modes.py,
with their targets). Exits non-zero only when a page answered with errors: a missed target is a
finding, reported, not a failure.
"""

import argparse
import hashlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.web.load import LoadResult, run_wrk  # noqa: E402
from bench.web.modes import (  # noqa: E402
    MODES,
    forget_cached_pages,
    median_run,
    mode_environment,
    parse_modes,
    print_table,
    report_modes,
    request_headers,
)

PY = sys.executable
GUNICORN = Path(PY).parent / "gunicorn"
DATA = ROOT / "bench-data"
SETTINGS = "bench.web.settings"
TRIVIAL = "/bench/trivial/"
ANALYZE = "from django.db import connection; connection.cursor().execute('ANALYZE')"
DAY_SHARE_TARGET = 0.25
DAY_P99_TARGET_MS = 100.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="size of the archive")
    parser.add_argument("--seconds", type=int, default=10, help="load per page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--database-url",
        help="serve this (PostgreSQL) database instead of SQLite; it is emptied and refilled",
    )
    parser.add_argument(
        "--profile", action="store_true", help="also profile the day page in-process (cProfile)"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="load every page this many times in turn and keep each one's median run: on a "
        "shared machine, a page and the trivial view then see the same mix of other load",
    )
    parser.add_argument(
        "--modes",
        type=parse_modes,
        default=list(MODES),
        help="comma-separated: cold (no page cache), warm (page cache on Redis), conditional",
    )
    return parser.parse_args()


def server_environment(database_url: str) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
    }


def prepare_database(args) -> str:
    """The database URL to serve, building the archive's database the first time."""
    folder = DATA / f"web-{args.events}"
    database_url = args.database_url or f"sqlite:///{folder / 'db.sqlite3'}"
    # One marker per database served, so another database is never taken for built.
    marker = folder / f"built-for-{hashlib.sha256(database_url.encode()).hexdigest()[:12]}"
    env = server_environment(database_url)
    if marker.exists():
        print(f"Reusing the {args.events}-event database in {folder}")
        # Built by older code, it may lack later migrations (quick when there are none), and
        # their indexes the planner statistics below.
        run([PY, "manage.py", "migrate", "--no-input", "--verbosity", "0"], env)
        run([PY, "manage.py", "shell", "--verbosity", "0", "-c", ANALYZE], env)
        return database_url
    folder.mkdir(parents=True, exist_ok=True)
    archive = folder / "archive"
    shutil.rmtree(archive, ignore_errors=True)
    if not args.database_url:
        for stale in folder.glob("db.sqlite3*"):
            stale.unlink()
    started = time.perf_counter()
    run([PY, "bench/generate_archive.py", str(archive), str(args.events)], env)
    if args.database_url:
        run([PY, "manage.py", "flush", "--no-input"], env)
    run([PY, "manage.py", "migrate", "--no-input", "--verbosity", "0"], env)
    run([PY, "manage.py", "import_archive", str(archive), "--verbosity", "1"], env)
    # Planner statistics, as PostgreSQL's autovacuum keeps them: without them SQLite takes
    # "status = 'published'" for a selective condition and scans the table for a topic's events.
    run([PY, "manage.py", "shell", "--verbosity", "0", "-c", ANALYZE], env)
    shutil.rmtree(archive)  # the database is what is served; the files took most of the space
    marker.write_text(f"{args.events} events\n")
    print(f"Built the database in {time.perf_counter() - started:.0f} s")
    return database_url


def run(command, env):
    print("$", " ".join(command[1:] if command[0] == PY else command), flush=True)
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603


def pick_pages(env) -> dict[str, tuple[str, str]]:
    """A typical day, an event with sources, topics and related links, and a typical topic."""
    output = subprocess.run(  # noqa: S603
        [PY, "-m", "bench.web.pages"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    pages = {"trivial": (TRIVIAL, "a trivial Django view")}
    for line in output.splitlines():
        name, path, description = line.split("\t")
        pages[name] = (path, description)
    return pages


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env, port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [
            str(GUNICORN),
            "newsroom.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{TRIVIAL}", timeout=2):  # noqa: S310
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn exited during start-up") from None
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 30 s")


def check_pages(base: str, pages) -> None:
    """Every page answers 200 before any load: a benchmark of error pages measures nothing."""
    for name, (path, _) in pages.items():
        with urllib.request.urlopen(base + path, timeout=10) as response:  # noqa: S310
            if response.status != 200:
                raise SystemExit(f"{name} page {path} answered {response.status}")


def report(pages, results: dict[str, LoadResult], args, load: str) -> bool:
    trivial = results["trivial"]
    print()
    print(
        f"gunicorn {args.workers} workers, wrk {args.connections} connections, "
        f"{args.seconds} s per page x {args.rounds} rounds (median kept), {args.events} events, "
        f"no cache, {os.cpu_count()} CPUs"
    )
    # The machine may be shared: its load says how much of it the benchmark really had.
    print(f"load average before / after: {load}")
    print_table(results, {name: description for name, (_, description) in pages.items()})
    day = results["day"]
    share = day.requests_per_second / trivial.requests_per_second
    no_errors = all(result.errors == 0 for result in results.values())
    print()
    print(
        f"day/trivial throughput: {share:.0%} (target >= {DAY_SHARE_TARGET:.0%}): "
        f"{verdict(share >= DAY_SHARE_TARGET)}"
    )
    print(
        f"day p99: {day.p99_ms:.1f} ms (target < {DAY_P99_TARGET_MS:.0f} ms): "
        f"{verdict(day.p99_ms < DAY_P99_TARGET_MS)}"
    )
    print(f"errors: {sum(r.errors for r in results.values())}: {verdict(no_errors)}")
    return no_errors


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def main():
    args = parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("bench-web needs wrk: apt-get install -y wrk (make bench-web does it).")
    database_url = prepare_database(args)
    env = server_environment(database_url)
    run([PY, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"], env)
    pages = pick_pages(env)
    for name, (path, description) in pages.items():
        print(f"{name:8} {path}  ({description})")
    if args.profile:  # the render, not the page cache
        run([PY, "-m", "bench.web.profiling", pages["day"][0]], mode_environment("cold", env))
    load_before = load_average()
    results = {mode: load_pages(mode, env, pages, args) for mode in args.modes}
    load = f"{load_before} / {load_average()}"
    ok = True
    if "cold" in results:
        ok = report(pages, results["cold"], args, load)
    else:
        print(f"\nload average before / after: {load}")
    descriptions = {name: description for name, (_, description) in pages.items()}
    ok = report_modes(results, descriptions) and ok
    sys.exit(0 if ok else 1)


def load_pages(mode: str, env, pages, args) -> dict[str, LoadResult]:
    """Serve in one mode on a fresh gunicorn; warm each page, then load it."""
    env = mode_environment(mode, env)
    if mode != "cold":
        forget_cached_pages()
    port = free_port()
    server = start_gunicorn(env, port, args.workers)
    try:
        base = f"http://127.0.0.1:{port}"
        check_pages(base, pages)
        headers = {}
        for name, (path, _) in pages.items():
            headers[name] = request_headers(mode, base + path, cacheable=name != "trivial")
            # Warms both workers (and, cached, their connections to Redis).
            run_wrk(base + path, seconds=2, connections=args.connections, headers=headers[name])
        runs = {name: [] for name in pages}
        for _ in range(args.rounds):
            for name, (path, _) in pages.items():
                load = run_wrk(base + path, args.seconds, args.connections, headers=headers[name])
                runs[name].append(load)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {name: median_run(loads) for name, loads in runs.items()}


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
