"""Objects purged per edit, by kind of edit: what each write's purge would take out of a cache
holding the site's pages.

    python bench/purge_counts.py [--events 100000] [--edits 20] [--queries 2000]

Serves nothing: on a fresh copy of `make bench-web`'s N-event database, it asks the site (the
WSGI application in this process, as Varnish would) for a day in the life of its cache: the
home, every day, month and year page and every event page of the last 30 days with events, the
topic index and the 200 biggest topics' pages and feeds, every event page of the
--story-topics biggest topics (readers following a story), the feeds, the sitemap, the outlet
index, the read API's lists (each of those days, by last change, the days, topics and outlets),
and --queries searches (pages and the API's `q`) built from the archive's words, and keeps
each answer's surrogate keys. Then it makes --edits edits of each kind, as the admin makes
them, on events of those days: a headline fix, a summary fix, a topic added, a source added,
a publish (of an event unpublished first, not counted) and a day reordered. Each edit's purge
is recorded (a pending purge, sent nowhere) and counted against the pages held: the objects it
purges, by kind of page. Prints the mean per edit of each kind and page kind.
"""

import argparse
import os
import random
import secrets
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_web import PY, prepare_database, run, server_environment  # noqa: E402
from bench.stress import serving_copy  # noqa: E402

DAYS = 30
TOPICS = 200
KINDS = ("headline", "summary", "topic", "source", "publish", "reorder")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--edits", type=int, default=20, help="edits of each kind")
    parser.add_argument("--queries", type=int, default=2000, help="searches held")
    parser.add_argument(
        "--story-topics",
        type=int,
        default=5,
        help="every event page of this many of the biggest topics held too (readers following "
        "a story read its older events)",
    )
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def setup(args) -> None:
    prepare_database(argparse.Namespace(events=args.events, database_url=None))
    copy = serving_copy(argparse.Namespace(events=args.events, database_url=None))
    run(
        [PY, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        server_environment(copy),
    )
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.web.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,testserver",
        DATABASE_URL=copy,
        NEWSROOM_PURGE_URLS="http://127.0.0.1:9/",  # nothing listens: purges stay pending
    )
    import django

    django.setup()


def page_kind(path: str) -> str:
    for prefix, kind in (
        ("/api/v1/events?", "api list"),
        ("/api/", "api other"),
        ("/search/", "search"),
        ("/topics/", "topic"),
        ("/feeds/", "feed"),
        ("/outlets/", "outlet"),
        ("/sitemap", "sitemap"),
        ("/on-this-day/", "on this day"),
    ):
        if path.startswith(prefix):
            return "feed" if path.endswith("/feed/") else kind
    if path == "/":
        return "home"
    depth = path.strip("/").count("/")
    return {1: "year", 2: "month", 3: "day"}.get(depth, "event")


def main():
    args = parse_args()
    setup(args)
    from bench.purge_edits import held_pages, make_edit, recent_days

    rng = random.Random(args.seed)
    days = recent_days(DAYS)
    pages = held_pages(days, TOPICS, args.queries, rng, args.story_topics)
    print(f"{len(pages)} pages held: " + ", ".join(f"{k} {n}" for k, n in count_kinds(pages)))
    per_kind: dict[str, list[Counter]] = defaultdict(list)
    key_counts: dict[str, list[int]] = defaultdict(list)
    for kind in KINDS:
        for _ in range(args.edits):
            keys = make_edit(kind, days, rng)
            purged = Counter(page_kind(path) for path, held in pages.items() if held & keys)
            per_kind[kind].append(purged)
            key_counts[kind].append(len(keys))
    report(per_kind, key_counts, args)


def count_kinds(pages) -> list[tuple[str, int]]:
    return sorted(Counter(page_kind(path) for path in pages).items())


def report(per_kind, key_counts, args) -> None:
    page_kinds = sorted({kind for edits in per_kind.values() for c in edits for kind in c})
    print(f"\nObjects purged per edit (mean of {args.edits} edits each), {args.events} events")
    print(f"{'edit':10} {'keys':>6} {'objects':>8}  " + " ".join(f"{k:>9}" for k in page_kinds))
    for kind, edits in per_kind.items():
        total = sum(sum(c.values()) for c in edits) / len(edits)
        keys = sum(key_counts[kind]) / len(edits)
        by_page = " ".join(f"{sum(c[k] for c in edits) / len(edits):9.1f}" for k in page_kinds)
        print(f"{kind:10} {keys:6.0f} {total:8.1f}  {by_page}")


if __name__ == "__main__":
    main()
