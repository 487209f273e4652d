"""The origin's floor for a replayed day: what rendering the readers' first requests alone costs.

A request for an address nobody asked for before is a miss whatever the cache does. Before the
stack serves, `make bench-day` works out from the seeded plan which requests of the measured
phase are first requests, renders a sample of each kind in one process, one at a time (no
gunicorn, no Varnish, no other load: cheaper than the stack can ever be), and prints how many
cores those renders need at the offered rate, against the cores the machine has. Above them,
no purge policy or cache setting can hold the latency targets.

    python -m bench.day.floor SAMPLE.json   (run with Django set up on the served database)

prints, as JSON, each kind's mean render time in seconds over the sample's addresses.
"""

import json
import sys
import time
from collections import Counter
from pathlib import Path

SAMPLE_PER_KIND = 30


def first_requests(readers, schedule, rate: float, warm_seconds: float, seconds: float, seed):
    """(kind, path) of the measured phase's requests for addresses not asked for before,
    the warm-up's (seed 0) and the phase's own earlier requests included; and how many
    requests the phase makes in all."""
    seen = {path for _, _, path in schedule(readers, rate, warm_seconds, 0)}
    firsts, requests = [], 0
    for _, kind, path in schedule(readers, rate, seconds, seed):
        requests += 1
        if path not in seen:
            seen.add(path)
            firsts.append((kind, path))
    return firsts, requests


def sample(firsts: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Up to SAMPLE_PER_KIND first requests of each kind, spread over the phase."""
    by_kind: dict[str, list[str]] = {}
    for kind, path in firsts:
        by_kind.setdefault(kind, []).append(path)
    return {
        kind: paths[:: max(1, len(paths) // SAMPLE_PER_KIND)][:SAMPLE_PER_KIND]
        for kind, paths in by_kind.items()
    }


def report(firsts, costs: dict[str, float], requests: int, seconds: float, cores: int) -> None:
    counts = Counter(kind for kind, _ in firsts)
    needed = sum(n * costs.get(kind, 0.0) for kind, n in counts.items()) / seconds
    share = len(firsts) / requests if requests else 0.0
    print(
        f"first requests of the measured phase: {len(firsts)} of {requests} ({share:.1%}), "
        f"misses whatever the cache does; by kind, with each kind's render in one process:"
    )
    for kind, n in counts.most_common():
        print(f"  {kind:12} {n:7d}  {costs.get(kind, 0.0) * 1000:7.1f} ms")
    print(
        f"the origin's floor: rendering them alone takes {needed:.2f} cores for the whole phase "
        f"(this machine has {cores}; gunicorn, Varnish and the generator add to it)"
    )


def main() -> None:
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/")  # a process's first request pays for its imports
    costs = {}
    for kind, paths in json.loads(Path(sys.argv[1]).read_text()).items():
        started = time.perf_counter()
        for path in paths:
            client.get(path)
        costs[kind] = (time.perf_counter() - started) / len(paths)
    print(json.dumps(costs))


if __name__ == "__main__":
    main()
