"""Time every page kind, search, API endpoint and admin page of the database served, one
request at a time in process (Django's test client, production's settings), and print one
line per address: median, p95 and maximum in milliseconds, how many requests they rest on, and
the database's floor (the statements of one request replayed alone: bench/scale/floor.py).

    python -m bench.scale.requests [--repeat 40] [--only day,search] [--json OUT]

Run with the benchmark's settings and a DATABASE_URL (bench/bench_scale.py does). A request
that takes over 10 s is recorded as "> 10 s" and not repeated, and an address stops being
repeated once its requests have taken --budget seconds with at least MIN_TIMED timed (the
figures say how many, `n`): a full run stays bounded on a slow size or a loaded machine.
"""

import argparse
import json
import statistics
import time

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from bench.scale.addresses import addresses  # noqa: E402
from bench.scale.floor import database_floor  # noqa: E402

SLOW_S = 10.0
MIN_TIMED = 10  # the fewest timings an address's figures rest on, whatever the budget
FIRST_TRIES = 2  # a first request warms imports and templates: left out of the figures


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument(
        "--budget", type=float, default=60.0, help="seconds of requests per address, at most"
    )
    parser.add_argument("--only", default="", help="comma-separated names (prefixes) to time")
    parser.add_argument("--json", help="write the figures here too")
    return parser.parse_args()


def staff_client() -> Client:
    user, _ = get_user_model().objects.get_or_create(
        username="bench-scale", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def time_address(client: Client, path: str, repeat: int, budget: float = 60.0) -> dict:
    timings = []
    begun = time.perf_counter()
    for attempt in range(FIRST_TRIES + repeat):
        if len(timings) >= MIN_TIMED and time.perf_counter() - begun > budget:
            break
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            return {"status": response.status_code}
        if elapsed > SLOW_S:
            return {"slow": True, "max": elapsed * 1000}
        if attempt >= FIRST_TRIES:
            timings.append(elapsed * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return {
        "median": statistics.median(timings),
        "p95": p95,
        "max": timings[-1],
        "n": len(timings),
    }


def shown(figures: dict) -> str:
    if "status" in figures:
        return f"{'HTTP ' + str(figures['status']):>26}"
    if figures.get("slow"):
        return f"{'> 10 s':>31} {figures['floor']:8.1f}"
    return (
        f"{figures['median']:8.1f} {figures['p95']:8.1f} {figures['max']:8.1f} {figures['n']:4}"
        f" {figures['floor']:8.1f}"
    )


def main():
    args = parse_args()
    wanted = [name for name in args.only.split(",") if name]
    public, staff = Client(HTTP_HOST="127.0.0.1"), staff_client()
    results = {}
    print(f"{'address':60} {'median':>8} {'p95':>8} {'max':>8} {'n':>4} {'floor':>8}  (ms)")
    for name, path, is_admin in addresses():
        if wanted and not any(name.startswith(prefix) for prefix in wanted):
            continue
        client = staff if is_admin else public
        figures = time_address(client, path, args.repeat, args.budget)
        if "status" not in figures:
            figures.update(database_floor(client, path, budget=args.budget / 2))
        results[name] = {"path": path, **figures}
        print(f"{name:60.60} {shown(figures)}", flush=True)
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=1)


if __name__ == "__main__":
    main()
