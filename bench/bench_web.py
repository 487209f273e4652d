"""Serve a large archive and load one day page four ways with wrk, side by side.

    python bench/bench_web.py [--events 100000] [--seconds 10] [--connections 32] [--profile]
                              [--rounds 1] [--workers 2] [--database-url postgres://...]
                              [--warm-seconds 2]    (BREAKDOWN_SECONDS=10: the breakdown's)

Builds an SQLite database of N generated events once (bench/generate_archive.py, then the
import command) and reuses it; with --database-url, a PostgreSQL database given to the benchmark
instead. Serves it with gunicorn (2 workers, production settings, DEBUG off) on a free loopback
port, puts Varnish with the repository's VCL (deploy/varnish/newsroom.vcl) in front of it, and
has nginx serve the day page's bytes from a file. Then loads, in one run:

    trivial        a trivial Django view under gunicorn: the yardstick
    day            the day page, rendered by Django for every request (gunicorn, no cache)
    day varnish    the same page as a Varnish hit
    day nginx      the same bytes as a static file from nginx: what a cache can hope for
    month          the month page (calendar and its events, first page), uncached
    search         a two-word search with its facets, uncached (words of a headline matching a few
                   pages to a few hundred events)
    search phrase  the same two words as a phrase
    search suggestion  the two words with the first misspelt: "Did you mean" (target: at least
                   50% of the two-word search's rate)
    search most words  the two words and one no event holds: the events with most of them
                   (target: at least 50% of the two-word search's rate)
    api            the read API's event list, a date range, 50 events a page, uncached

and, asked for by name with --pages (`--pages month,event,topic,topics`: the uncached rows to load
instead of month to api), an event page with sources, topics and related links, a topic's page and
the index of topics, each uncached. It prints requests/s, p50, p99 and the ratio to the trivial
view, then the targets: the Varnish hit at least 10x the trivial view and 70% of nginx with p99
under 10 ms; the uncached day page and the uncached API list each at least 25% of the trivial view,
the month page and the search at least 15%. Last (unless --no-breakdown), the database's own time
for each uncached page: its statements replayed through the driver alone (bench/web/statements.py),
beside the machine time per request its target leaves; a page whose statements alone take longer
cannot meet its target in Python. Then where each uncached page's time goes under load
(bench/web/breakdown.py: render, database, the view's own Python, Django, gunicorn), how much of it
the page must lose to meet its target, and the most it could reach if its view's own Python cost
nothing.
Exits non-zero only when a page answered with errors: a missed target is a finding, reported,
not a failure.
"""

import argparse
import hashlib
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.web.breakdown import print_breakdown  # noqa: E402
from bench.web.front import (  # noqa: E402
    cached_in_varnish,
    free_port,
    nginx,
    start_gunicorn,
    varnish,
)
from bench.web.load import (  # noqa: E402
    LoadResult,
    allowed_milliseconds,
    drain,
    load_average,
    median_run,
    run_wrk,
)

PY = sys.executable
DATA = ROOT / "bench-data"
SETTINGS = "bench.web.settings"
TRIVIAL = "/bench/trivial/"
ANALYZE = "from django.db import connection; connection.cursor().execute('ANALYZE')"
DAY_SHARE_TARGET = 0.25  # the uncached day page against the trivial view
API_SHARE_TARGET = 0.25  # the uncached API list (50 events) against the trivial view
# Uncached pages loaded under gunicorn beside the day page, with their share-of-trivial targets.
RENDERED_TARGETS = {"month": 0.15, "search": 0.15, "search phrase": 0.15, "api": API_SHARE_TARGET}
# Searches that forgive, against the two-word search in the same run: a misspelt word (with
# its "Did you mean") and a word too many (the events with most of the words).
SEARCH_KIN_TARGETS = {"search suggestion": 0.5, "search most words": 0.5}
# Every uncached page's target, the day page's first.
UNCACHED_TARGETS = {"day": DAY_SHARE_TARGET, **RENDERED_TARGETS}
# Uncached pages loaded only when asked for (--pages): rates to compare, no target.
OTHER_PAGES = ("event", "topic", "topics")
VARNISH_OVER_TRIVIAL_TARGET = 10.0
VARNISH_SHARE_OF_NGINX_TARGET = 0.70
VARNISH_P99_TARGET_MS = 10.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="size of the archive")
    parser.add_argument("--seconds", type=int, default=10, help="load per page")
    parser.add_argument(
        "--warm-seconds", type=int, default=2, help="load per page before any is measured"
    )
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
        "--pages",
        type=lambda text: [name.strip() for name in text.split(",") if name.strip()],
        default=[*RENDERED_TARGETS, *SEARCH_KIN_TARGETS],
        help="the uncached pages to load beside the day page, comma-separated, among "
        f"{', '.join([*RENDERED_TARGETS, *SEARCH_KIN_TARGETS, *OTHER_PAGES])} "
        f"(default: {', '.join([*RENDERED_TARGETS, *SEARCH_KIN_TARGETS])})",
    )
    parser.add_argument(
        "--no-breakdown",
        action="store_true",
        help="leave out the database's own time and where each page's time goes (quicker)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="load every page this many times in turn and keep each one's median run: on a "
        "shared machine, a page and the trivial view then see the same mix of other load",
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
    # One marker per database served and generator, so another database, or one of an older
    # generator's events, is never taken for built.
    built_for = database_url.encode() + (ROOT / "bench" / "generate_archive.py").read_bytes()
    marker = folder / f"built-for-{hashlib.sha256(built_for).hexdigest()[:12]}"
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


def module_output(env, module: str, *args: str) -> str:
    """What `python -m module args...` prints, run in the served database's environment."""
    return subprocess.run(  # noqa: S603
        [PY, "-m", module, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def pick_pages(env) -> dict[str, tuple[str, str]]:
    """A typical day, an event with sources, topics and related links, and a typical topic."""
    pages = {"trivial": (TRIVIAL, "a trivial Django view")}
    for line in module_output(env, "bench.web.pages").splitlines():
        name, path, description = line.split("\t")
        pages[name] = (path, description)
    return pages


def check_pages(base: str, pages) -> None:
    """Every page answers 200 before any load: a benchmark of error pages measures nothing."""
    for name, path in pages.items():
        with urllib.request.urlopen(base + path, timeout=10) as response:  # noqa: S310
            if response.status != 200:
                raise SystemExit(f"{name} page {path} answered {response.status}")


ROWS = {
    "trivial": "a trivial Django view, gunicorn",
    "day": "the day page, rendered for every request (gunicorn, no cache)",
    "day varnish": "the day page as a Varnish hit (repository's VCL)",
    "day nginx": "the day page's bytes as a file from nginx",
    "month": "the month page, first page (gunicorn, no cache)",
    "search": "two words, facets over all matches (gunicorn, no cache)",
    "search phrase": "the same words as a phrase, facets on (gunicorn, no cache)",
    "search suggestion": "the two words, one misspelt: a suggestion (gunicorn, no cache)",
    "search most words": "the two words and one found nowhere: most of them (no cache)",
    "api": "the API's event list, 50 a page (gunicorn, no cache)",
    "event": "an event page, sources, topics, links (gunicorn, no cache)",
    "topic": "a topic's page, first page (gunicorn, no cache)",
    "topics": "the index of topics, first page (gunicorn, no cache)",
}


def report(results: dict[str, LoadResult], args, load: str, day: str) -> bool:
    trivial = results["trivial"]
    if not trivial.requests_per_second:
        raise SystemExit("The trivial view answered nothing: no ratio can be given.")
    print()
    print(
        f"{day}: gunicorn {args.workers} workers, wrk {args.connections} connections, "
        f"{args.seconds} s per row x {args.rounds} rounds (median kept), {args.events} events, "
        f"{os.cpu_count()} CPUs"
    )
    # The machine may be shared: its load says how much of it the benchmark really had.
    print(f"load average before / after: {load}")
    print(f"{'':18} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'vs trivial':>11}")
    for name, result in results.items():
        share = result.requests_per_second / trivial.requests_per_second
        print(
            f"{name:18} {result.requests_per_second:9.0f} {result.p50_ms:8.2f} "
            f"{result.p99_ms:8.2f} {result.errors:7d} {share:10.2f}x  {ROWS[name]}"
        )
    rate = {name: result.requests_per_second for name, result in results.items()}
    hit = results["day varnish"]
    print()
    targets = [
        (
            "Varnish hit / trivial",
            f"{rate['day varnish'] / rate['trivial']:.1f}x",
            f">= {VARNISH_OVER_TRIVIAL_TARGET:.0f}x",
            rate["day varnish"] >= VARNISH_OVER_TRIVIAL_TARGET * rate["trivial"],
        ),
        (
            "Varnish hit / nginx",
            f"{rate['day varnish'] / rate['day nginx']:.0%}",
            f">= {VARNISH_SHARE_OF_NGINX_TARGET:.0%}",
            rate["day varnish"] >= VARNISH_SHARE_OF_NGINX_TARGET * rate["day nginx"],
        ),
        (
            "Varnish hit p99",
            f"{hit.p99_ms:.2f} ms",
            f"< {VARNISH_P99_TARGET_MS:.0f} ms",
            hit.p99_ms < VARNISH_P99_TARGET_MS,
        ),
        (
            "uncached day / trivial",
            f"{rate['day'] / rate['trivial']:.0%}",
            f">= {DAY_SHARE_TARGET:.0%}",
            rate["day"] >= DAY_SHARE_TARGET * rate["trivial"],
        ),
    ]
    for name, share in RENDERED_TARGETS.items():
        if name not in rate:
            continue
        targets.append(
            (
                f"uncached {name} / trivial",
                f"{rate[name] / rate['trivial']:.0%}",
                f">= {share:.0%}",
                rate[name] >= share * rate["trivial"],
            )
        )
    for name, share in SEARCH_KIN_TARGETS.items():
        if name in rate and "search" in rate:
            targets.append(
                (
                    f"uncached {name} / search",
                    f"{rate[name] / rate['search']:.0%}",
                    f">= {share:.0%}",
                    rate[name] >= share * rate["search"],
                )
            )
    for name, measured, target, met in targets:
        print(f"{name:34} {measured:>9}  (target {target}): {'MET' if met else 'NOT MET'}")
    errors = sum(result.errors for result in results.values())
    print(f"{'errors':34} {errors:>9}  (target 0): {'MET' if errors == 0 else 'NOT MET'}")
    return errors == 0


def main():
    args = parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("bench-web needs wrk: apt-get install -y wrk (make bench-web does it).")
    database_url = prepare_database(args)
    env = server_environment(database_url)
    run([PY, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"], env)
    pages = pick_pages(env)
    day = pages["day"][0]
    unknown = set(args.pages) - set(pages)
    if unknown:
        raise SystemExit(f"No such page to load: {', '.join(sorted(unknown))}")
    rendered = {name: pages[name][0] for name in args.pages}
    for name in ("day", *rendered):
        print(f"{name}: {pages[name][0]}  ({pages[name][1]})")
    if args.profile:
        run([PY, "-m", "bench.web.profiling", day], env)
    load_before = load_average()
    results = load_rows(env, day, rendered, args)
    met = report(results, args, f"{load_before} / {load_average()}", day)
    if args.no_breakdown:
        sys.exit(0 if met else 1)
    uncached = {
        name: path for name, path in {"day": day, **rendered}.items() if name in UNCACHED_TARGETS
    }
    report_database_floor(env, uncached, results["trivial"])
    report_breakdown(env, uncached, results)
    sys.exit(0 if met else 1)


def report_breakdown(env, paths: dict[str, str], results: dict[str, LoadResult]) -> None:
    """Where each uncached page's time goes under load (bench/web/breakdown.py), beside how
    much of it the page must lose to meet its target."""
    trivial = results["trivial"].requests_per_second
    now = {name: results[name].requests_per_second / trivial for name in paths}
    try:
        output = module_output(env, "bench.web.breakdown", *paths.values())
    except subprocess.CalledProcessError as failed:
        print(f"\nNo breakdown of where the time goes: {failed.stderr.strip()}")
        return
    print_breakdown(output, paths, now, UNCACHED_TARGETS)


def report_database_floor(env, paths: dict[str, str], trivial: LoadResult) -> None:
    """Each uncached page's statements run on their own, against the machine time per request
    its target leaves (all CPUs over the target's share of the trivial view's rate): a page
    whose statements alone take longer cannot meet its target, whatever the Python above."""
    floors = {}
    for line in module_output(env, "bench.web.statements", *paths.values()).splitlines():
        path, statements, milliseconds = line.split("\t")
        floors[path] = (int(statements), float(milliseconds))
    print()
    print("The database's own time: each page's statements replayed through the driver alone")
    print(f"{'':18} {'statements':>10} {'database ms':>12} {'target allows ms':>17}")
    for name, path in paths.items():
        statements, milliseconds = floors[path]
        allowed = allowed_milliseconds(UNCACHED_TARGETS[name], trivial.requests_per_second)
        verdict = "over the whole budget" if milliseconds > allowed else ""
        print(f"{name:18} {statements:10d} {milliseconds:12.2f} {allowed:17.2f}  {verdict}")


def load_rows(env, day: str, rendered: dict[str, str], args) -> dict[str, LoadResult]:
    """gunicorn, Varnish in front of it and nginx, all up at once; each row warmed, then loaded
    in turn (--rounds times, the median kept)."""
    port = free_port()
    server = start_gunicorn(env, port, args.workers, ready_path=TRIVIAL)
    try:
        backend = f"http://127.0.0.1:{port}"
        check_pages(backend, {"trivial": TRIVIAL, "day": day, **rendered})
        with varnish(port) as front:
            body = cached_in_varnish(front + day)
            with nginx(body) as static:
                urls = {
                    "trivial": backend + TRIVIAL,
                    "day": backend + day,
                    "day varnish": front + day,
                    "day nginx": static + day,
                    **{name: backend + path for name, path in rendered.items()},
                }
                for url in urls.values():  # warms gunicorn's workers and every connection
                    run_wrk(url, seconds=args.warm_seconds, connections=args.connections)
                    drain(backend + TRIVIAL)
                cached_in_varnish(front + day)  # still a hit: nothing expired it meanwhile
                runs = {name: [] for name in urls}
                for _ in range(args.rounds):
                    for name, url in urls.items():
                        runs[name].append(run_wrk(url, args.seconds, args.connections))
                        drain(backend + TRIVIAL)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {name: median_run(loads) for name, loads in runs.items()}


if __name__ == "__main__":
    main()
