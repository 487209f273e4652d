"""Load under writes: serve a large archive with gunicorn, drive a mix of public pages at a fixed
offered rate, and re-import changed events all the while. Zero errors is the pass mark.

    python bench/stress.py [--events 100000] [--seconds 60] [--rate 1000] [--cold-rate 40]
                           [--workers 2] [--modes cold,warm] [--days 40] [--max-rounds 100]
                           [--database-url postgres://...]

The database is `make bench-web`'s (built once from bench/generate_archive.py, then reused);
on SQLite each run serves a fresh copy of it, since the imports change it. gunicorn listens on
127.0.0.1 only. While `make bench-day`'s open-loop generator (bench/day/loadgen.py: latency
from each request's intended send time) asks for the pages in turn for --seconds, an import
loop rewrites --days whole days of the archive (every event's headline and summary, one round
after another, at most --max-rounds) and runs `manage.py import_archive` on them: the served
events change under the readers. The run stops by itself when the load is done; it prints
requests, errors (answers of 400 and over, connection errors, timeouts), p50 and p99, each
import round, the load average, and exits non-zero on any error or failed import.

Two modes, each a run of its own: "cold" loads gunicorn itself (every request renders and reads
the database: the most contention with the import); "warm" loads Varnish with the repository's
VCL in front of it, as production serves, with every import round purging the pages it changed
(NEWSROOM_PURGE_URLS points gunicorn and the import at that Varnish). In the warm mode, the
changed days must show the last imported revision through Varnish once the load is over.
"""

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from contextlib import closing, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from django.utils.text import slugify  # noqa: E402

from bench.bench_web import (  # noqa: E402
    DATA,
    PY,
    check_pages,
    free_port,
    prepare_database,
    server_environment,
)
from bench.day.loadgen import run as run_plan  # noqa: E402
from bench.day.report import percentile  # noqa: E402
from bench.generate_archive import make_events  # noqa: E402
from bench.web.front import start_gunicorn, varnish  # noqa: E402
from bench.web.load import load_average  # noqa: E402
from events.archive.document import day_folder  # noqa: E402
from events.archive.renderer import render_event, render_index  # noqa: E402

SEED = 1  # bench/generate_archive.py's default: the events the database was built from
TOPIC_PAGES = 10
MODES = ("cold", "warm")


def parse_modes(text: str) -> list[str]:
    modes = [mode.strip() for mode in text.split(",") if mode.strip()]
    unknown = sorted(set(modes) - set(MODES))
    if unknown or not modes:
        raise SystemExit(f"--modes: use some of {', '.join(MODES)} (not {', '.join(unknown)})")
    return modes


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=60, help="how long the pages are loaded")
    parser.add_argument(
        "--rate", type=float, default=1000, help="requests a second offered to Varnish (warm)"
    )
    parser.add_argument(
        "--cold-rate",
        type=float,
        default=40,
        help="requests a second offered to gunicorn itself (cold): under what it can render",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--modes",
        type=parse_modes,
        default=["cold", "warm"],
        help="comma-separated, each a run of its own: cold (gunicorn itself: every request "
        "reads the database, the most contention with the import), warm (Varnish in front, "
        "as production serves; every import round purges the pages it changed)",
    )
    parser.add_argument("--days", type=int, default=40, help="days the import rewrites")
    parser.add_argument("--max-rounds", type=int, default=100, help="import rounds at most")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL database of the stress test's own (it is filled, then changed)",
    )
    return parser.parse_args()


@dataclass
class Round:
    number: int
    seconds: float
    report: str
    ok: bool


def serving_copy(args) -> str:
    """The database to serve: bench-web's for PostgreSQL, a fresh copy of it for SQLite."""
    built = prepare_database(argparse.Namespace(events=args.events, database_url=args.database_url))
    if args.database_url:
        return built
    source = Path(built.removeprefix("sqlite:///"))
    folder = DATA / f"stress-{args.events}"
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("db.sqlite3*"):
        stale.unlink()
    copy = folder / "db.sqlite3"
    # SQLite's backup API: a consistent copy even while another benchmark reads the original.
    with closing(sqlite3.connect(source)) as original, closing(sqlite3.connect(copy)) as target:
        original.backup(target)
    print(f"Serving a fresh copy of {source} at {copy}")
    return f"sqlite:///{copy}"


def chosen_days(events, count: int) -> list[list]:
    """`count` whole days spread over the archive, each with all its events in order."""
    by_day: dict = {}
    for event in events:
        by_day.setdefault(event.date, []).append(event)
    days = sorted(by_day)
    step = max(1, len(days) // count)
    return [by_day[day] for day in days[::step][:count]]


def write_round(root: Path, days: list[list], number: int) -> int:
    """The chosen days as the archive would have them after `number` rounds of editing."""
    shutil.rmtree(root / "news", ignore_errors=True)
    written = 0
    for events in days:
        revised = [
            replace(
                event,
                headline=f"{event.headline.removesuffix('.')} (revision {number}).",
                summary=f"Revision {number}. {event.summary}".strip(),
            )
            for event in events
        ]
        folder = root / day_folder(events[0].date).lstrip("/")
        folder.mkdir(parents=True)
        for event in revised:
            (folder / f"{event.slug}.md").write_text(render_event(event), encoding="utf-8")
        (folder / "index.md").write_text(render_index(events[0].date, revised), encoding="utf-8")
        written += len(revised)
    return written


def import_round(root: Path, env: dict, number: int, expected: int) -> Round:
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603
        [PY, "manage.py", "import_archive", str(root), "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    report = (result.stdout.splitlines() or [result.stderr.strip()])[0]
    ok = result.returncode == 0 and f"0 created, {expected} updated" in report
    return Round(number, seconds, report, ok)


def import_loop(root, env, days, expected, stop: threading.Event, rounds: list, limit: int):
    number = 1
    while not stop.is_set() and number <= limit:
        write_round(root, days, number)
        rounds.append(import_round(root, env, number, expected))
        number += 1


def page_mix(days: list[list], events) -> list[str]:
    """Pages readers ask for: the changing days and their events, and the rest of the site."""
    first = events[len(events) // 2].date
    paths = ["/", f"/news/{first.year}/", f"/news/{first.year}/{first.month:02d}/", "/topics/"]
    for events_of_day in days:
        day = day_folder(events_of_day[0].date) + "/"
        paths.append(day)
        paths += [f"{day}{event.slug}/" for event in events_of_day[:3]]
    paths += [f"/topics/{slugify(name)}/" for name in topics_given(events)[:TOPIC_PAGES]]
    paths += ["/search/?q=election+storm", "/feeds/latest/", "/sitemap.xml"]
    return paths


def topics_given(events) -> list[str]:
    """The topics the related links' contexts give, most given first: each has a page (the
    generator picks from thousands; a small archive gives only some)."""
    counts = Counter(
        name.strip()
        for event in events
        for item in event.related
        for name in item.context.split(",")
    )
    return [name for name, _ in counts.most_common() if name]


def mix_plan(paths: list[str], rate: float, seconds: float):
    """Each path in turn, `rate` requests a second, open loop (bench/day/loadgen.py)."""
    for number in range(int(rate * seconds)):
        yield number / rate, "mix", paths[number % len(paths)]


@dataclass
class Load:
    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int  # answers of 400 and over, no answer (connection error, timeout)
    lag_ms: float


def run_mix(base: str, paths: list[str], rate: float, seconds: float) -> Load:
    samples, lag, _ = run_plan(base, mix_plan(paths, rate, seconds))
    latencies = [sample.latency * 1000 for sample in samples]
    served_by = max(sample.intended + sample.latency for sample in samples) if samples else 1
    return Load(
        requests=len(samples),
        per_second=len(samples) / max(served_by, seconds),
        p50_ms=percentile(latencies, 0.5),
        p99_ms=percentile(latencies, 0.99),
        errors=sum(1 for sample in samples if sample.status == 0 or sample.status >= 400),
        lag_ms=lag * 1000,
    )


def report(result: Load, rounds: list[Round], mode: str, args, load: str, written: int) -> bool:
    rate = args.rate if mode == "warm" else args.cold_rate
    print()
    print(
        f"{mode}: {args.events} events, gunicorn {args.workers} workers, {rate:g} requests/s "
        f"offered (open loop) for {args.seconds} s over the page mix, {os.cpu_count()} CPUs"
    )
    print(f"load average before / after: {load}")
    for item in rounds:
        mark = "ok" if item.ok else "FAILED"
        print(f"  import round {item.number}: {item.seconds:5.1f} s  {item.report}  {mark}")
    updated = sum(written for item in rounds if item.ok)
    print(f"import rounds: {len(rounds)}, events updated under load: {updated}")
    print(
        f"requests: {result.requests}, {result.per_second:.0f}/s served; p50 "
        f"{result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms (from each request's intended "
        f"time); errors: {result.errors}; the generator's worst send lag {result.lag_ms:.0f} ms"
    )
    passed = result.errors == 0 and rounds and all(item.ok for item in rounds)
    print(f"stress {mode}: PASSED (zero errors)" if passed else f"stress {mode}: FAILED")
    return bool(passed)


def main():
    args = parse_args()
    events = make_events(args.events, random.Random(SEED))
    days = chosen_days(events, args.days)
    paths = page_mix(days, events)
    print(f"The page mix ({len(paths)} pages, asked for in turn):")
    print("  " + " ".join(paths[:8]) + f" ... {' '.join(paths[-3:])}")
    results = [stress(mode, args, days, paths) for mode in args.modes]
    sys.exit(0 if all(results) else 1)


def stress(mode: str, args, days, paths) -> bool:
    """One run: a fresh database, gunicorn (behind Varnish when warm), the load for --seconds and
    the import loop beside it."""
    print(f"\n== {mode} ==")
    env = server_environment(serving_copy(args))
    front_port = free_port() if mode == "warm" else None
    if front_port:  # gunicorn and the import both purge this Varnish after their writes
        env["NEWSROOM_PURGE_URLS"] = f"http://127.0.0.1:{front_port}/"
    subprocess.run(  # noqa: S603
        [PY, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    folder = DATA / f"stress-{args.events}"
    archive = folder / "archive"
    written = write_round(archive, days, 0)
    first = import_round(archive, env, 0, written)  # also checks the files are the database's
    if not first.ok:
        raise SystemExit(f"the archive does not match the served database: {first.report}")
    port = free_port()
    load_before = load_average()
    server = start_gunicorn(env, port, args.workers)
    rounds: list[Round] = []
    stop = threading.Event()
    fresh = True
    try:
        front = varnish(port, port=front_port) if front_port else nullcontext()
        with front as varnish_url:
            base = varnish_url or f"http://127.0.0.1:{port}"
            check_pages(base, {path: path for path in paths})
            writer = threading.Thread(
                target=import_loop,
                args=(archive, env, days, written, stop, rounds, args.max_rounds),
            )
            writer.start()
            try:
                rate = args.rate if varnish_url else args.cold_rate
                output = run_mix(base, paths, rate, args.seconds)
            finally:
                stop.set()
                writer.join()
            if varnish_url:
                fresh = shows_last_revision(base, days, rounds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    passed = report(output, rounds, mode, args, f"{load_before} / {load_average()}", written)
    return passed and fresh


def shows_last_revision(base: str, days: list[list], rounds: list[Round]) -> bool:
    """Every changed day page, as Varnish answers it now, has the last imported revision."""
    done = [item.number for item in rounds if item.ok]
    if not done:
        return True
    stale = []
    for events in days:
        path = day_folder(events[0].date) + "/"
        with urllib.request.urlopen(base + path, timeout=10) as response:  # noqa: S310
            if f"(revision {done[-1]})." not in response.read().decode():
                stale.append(path)
    print(f"day pages without revision {done[-1]} after the load: {len(stale)} {stale[:5]}")
    return not stale


if __name__ == "__main__":
    main()
