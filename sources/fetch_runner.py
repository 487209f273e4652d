"""Many fetches at once, from synchronous code: an event loop in a thread of its own.

The commands and the admin are synchronous Django code; the fetches are asyncio. The loop
runs in a background thread and hands each result over a bounded queue as it comes, so the
caller writes to the database (on its own connection, in its own transaction) while the
next fetches go on, and memory stays flat however many addresses there are.

Addresses are grouped by host: each host's addresses are fetched one after another (the
fetcher's host gate also covers redirects to other hosts), and up to `hosts_at_once` hosts
are fetched at the same time.
"""

import asyncio
import contextlib
import queue
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator

from .address_safety import RefusedAddress, parse_target
from .fetcher import Failure, FetchPolicy, FetchResult, SafeFetcher
from .robots import RobotsRules

HOSTS_AT_ONCE = 100
QUEUE_SIZE = 200
_DONE = object()


def fetch_in_background(
    urls: Iterable[str],
    policy: FetchPolicy,
    *,
    read_body: bool = False,
    honour_robots: bool = False,
    hosts_at_once: int = HOSTS_AT_ONCE,
) -> Iterator[FetchResult]:
    """Fetch every address once; yields the results in the order they finish."""
    results: queue.Queue = queue.Queue(maxsize=QUEUE_SIZE)
    stop = threading.Event()
    by_host = _grouped_by_host(urls)

    def run():
        try:
            asyncio.run(
                _fetch_all(by_host, policy, results, stop, read_body, honour_robots, hosts_at_once)
            )
        except BaseException as error:  # handed to the caller's thread, raised there
            results.put(error)
        finally:
            results.put(_DONE)

    thread = threading.Thread(target=run, name="source-fetches", daemon=True)
    thread.start()
    try:
        while (item := results.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # unblock a producer waiting on a full queue
            with contextlib.suppress(queue.Empty):
                results.get(timeout=0.1)
        thread.join()


def _grouped_by_host(urls: Iterable[str]) -> dict[str, list[str]]:
    by_host = defaultdict(list)
    for url in dict.fromkeys(urls):
        try:
            host = parse_target(url).host
        except RefusedAddress:
            host = ""  # refused by the fetcher, at once and without a request
        by_host[host].append(url)
    return by_host


async def _fetch_all(by_host, policy, results, stop, read_body, honour_robots, hosts_at_once):
    loop = asyncio.get_running_loop()
    slots = asyncio.Semaphore(hosts_at_once)

    async def hand_over(result):
        try:
            results.put_nowait(result)
        except queue.Full:
            # The caller is behind: wait in a thread of the pool, never blocking the loop.
            await loop.run_in_executor(None, results.put, result)

    async with SafeFetcher(policy) as fetcher:
        robots = RobotsRules(fetcher) if honour_robots else None

        async def one_host(urls):
            async with slots:
                for url in urls:
                    if stop.is_set():
                        return
                    if robots is not None and not await robots.allows(url):
                        result = FetchResult(url=url, final_url=url, failure=Failure.DISALLOWED)
                        result.error = str(Failure.DISALLOWED)
                    else:
                        result = await fetcher.fetch(url, read_body=read_body)
                    await hand_over(result)

        await asyncio.gather(*(one_host(urls) for urls in by_host.values()))
