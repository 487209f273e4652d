"""The readers' day, seeded: when each request leaves and what it asks for.

Arrivals are a Poisson process at the offered rate (readers do not coordinate). Each request
picks a page kind by the mix below, then an address of that kind by Zipf's law (s = 1.0) over
the kind's addresses ranked by recency (bench/day/addresses.py): the newest day is asked for
most, the long tail of the archive now and then. Searches pick from a Zipf list of queries.
"""

import bisect
import itertools
import random
from urllib.parse import urlencode

# Share of readers' requests by page kind (the issue's day: event pages about 60%, ...).
MIX = {
    "event": 0.60,
    "day": 0.20,
    "home": 0.05,
    "topic": 0.05,
    "search": 0.05,
    "api": 0.03,
    "feed": 0.01,
    "month": 0.005,
    "on this day": 0.005,
}
ZIPF_S = 1.0


class Zipf:
    """Ranks 0..n-1 drawn with probability proportional to 1 / (rank + 1) ** s."""

    def __init__(self, items: list, s: float = ZIPF_S):
        if not items:
            raise ValueError("nothing to draw from")
        self.items = items
        weights = (1 / (rank + 1) ** s for rank in range(len(items)))
        self.cumulative = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random):
        point = rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_left(self.cumulative, point)]


class Readers:
    """What readers ask for: a page kind by MIX, then an address by Zipf within it."""

    def __init__(self, addresses: dict[str, list[str]], queries: list[str]):
        searches = ["/search/?" + urlencode({"q": query}) for query in queries]
        pools = {**addresses, "search": searches}
        self.kinds = [kind for kind in MIX if pools.get(kind)]
        self.kind_weights = list(itertools.accumulate(MIX[kind] for kind in self.kinds))
        self.draws = {kind: Zipf(pools[kind]) for kind in self.kinds}

    def request(self, rng: random.Random) -> tuple[str, str]:
        point = rng.random() * self.kind_weights[-1]
        kind = self.kinds[bisect.bisect_left(self.kind_weights, point)]
        return kind, self.draws[kind].draw(rng)


def schedule(readers: Readers, rate: float, seconds: float, seed: int, offset: float = 0.0):
    """(intended second, kind, path) for `seconds` at `rate` requests a second, Poisson."""
    rng = random.Random(seed)
    moment = 0.0
    while True:
        moment += rng.expovariate(rate)
        if moment >= seconds:
            return
        kind, path = readers.request(rng)
        yield offset + moment, kind, path


def steady(path: str, rate: float, seconds: float):
    """One address at an even pace: the yardstick against nginx."""
    for number in range(int(rate * seconds)):
        yield number / rate, "nginx", path
