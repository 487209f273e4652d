"""The benchmark's three ways of serving the same pages, and how they compare.

cold: no page cache, every request renders (what the day page's own targets are about);
warm: the page cache on Redis, every request after the first answered from it;
conditional: the same, with each request carrying the page's ETag, so it is answered 304.

Each mode runs on a fresh gunicorn beside the trivial view, so each has its own yardstick.
"""

import dataclasses
import os
import urllib.error
import urllib.request

import redis

from .load import LoadResult

MODES = ("cold", "warm", "conditional")
# A database number of the benchmark's own, on the project machines' Redis.
BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
WARM_OVER_COLD_TARGET = 5.0


def parse_modes(text: str) -> list[str]:
    modes = [mode.strip() for mode in text.split(",") if mode.strip()]
    unknown = sorted(set(modes) - set(MODES))
    if unknown or not modes:
        raise SystemExit(f"--modes: use some of {', '.join(MODES)} (not {', '.join(unknown)})")
    return modes


def mode_environment(mode: str, env: dict) -> dict:
    """The server's environment: the page cache off, or on Redis."""
    env = {key: value for key, value in env.items() if key != "REDIS_URL"}
    if mode == "cold":
        return {**env, "DJANGO_PUBLIC_PAGE_CACHE": "0"}
    return {**env, "DJANGO_PUBLIC_PAGE_CACHE": "1", "REDIS_URL": BENCH_REDIS_URL}


def forget_cached_pages() -> None:
    """Pages cached by an earlier run may come from another database: start from none."""
    client = redis.Redis.from_url(BENCH_REDIS_URL)
    keys = list(client.scan_iter(match="newsroom:*", count=1000))
    if keys:
        client.delete(*keys)


def request_headers(mode: str, url: str, cacheable: bool) -> dict[str, str]:
    """The headers to load `url` with; checks first that the mode really is in force.

    For the conditional mode, the If-None-Match a browser holding the page would send.
    """
    if mode == "cold" or not cacheable:
        return {}
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
        etag = response.headers.get("ETag")
    if not etag:
        raise SystemExit(f"{mode}: {url} carries no ETag: the page cache is not in force")
    if mode == "warm":
        return {}
    headers = {"If-None-Match": etag}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310
    except urllib.error.HTTPError as answer:
        if answer.code == 304:
            return headers
    raise SystemExit(f"{mode}: {url} did not answer its own ETag with 304")


def report_modes(results: dict[str, dict[str, LoadResult]], descriptions: dict) -> bool:
    """The cached modes' tables beside their trivial views, then the targets across modes."""
    for mode, by_page in results.items():
        if mode == "cold":
            continue  # bench_web.report() has shown it, with the day page's own targets
        print(f"\n{mode}")
        print_table(by_page, descriptions)
    print()
    if "cold" in results and "warm" in results:
        ratio = rate(results, "warm", "day") / rate(results, "cold", "day")
        print(
            f"warm/cold day page throughput: {ratio:.1f}x (target >= "
            f"{WARM_OVER_COLD_TARGET:.0f}x): {verdict(ratio >= WARM_OVER_COLD_TARGET)}"
        )
    if "conditional" in results:
        trivial = rate(results, "conditional", "trivial")
        for name in results["conditional"]:
            if name != "trivial":
                share = rate(results, "conditional", name) / trivial
                print(
                    f"conditional {name} vs trivial: {share:.0%} (target >= 100%): "
                    f"{verdict(share >= 1.0)}"
                )
    return all(r.errors == 0 for by_page in results.values() for r in by_page.values())


def print_table(by_page: dict[str, LoadResult], descriptions: dict[str, str]) -> None:
    """requests/s, p50, p99 and errors per page, and its throughput beside the trivial view's."""
    trivial = by_page["trivial"]
    print(f"{'page':8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'vs trivial':>11}")
    for name, result in by_page.items():
        share = result.requests_per_second / trivial.requests_per_second
        print(
            f"{name:8} {result.requests_per_second:8.0f} {result.p50_ms:8.2f} "
            f"{result.p99_ms:8.2f} {result.errors:7d} {share:10.0%}  {descriptions[name]}"
        )


def median_run(runs: list[LoadResult]) -> LoadResult:
    """The run with the median throughput, as measured; errors of all runs counted."""
    median = sorted(runs, key=lambda run: run.requests_per_second)[len(runs) // 2]
    return dataclasses.replace(median, errors=sum(run.errors for run in runs))


def rate(results, mode: str, page: str) -> float:
    return results[mode][page].requests_per_second


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"
