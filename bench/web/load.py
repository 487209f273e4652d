"""Load one URL with wrk and read its report: requests/s, latency percentiles, errors."""

import dataclasses
import os
import re
import subprocess
import urllib.request
from dataclasses import dataclass

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int  # non-2xx/3xx answers, socket errors and timeouts


def run_wrk(
    url: str, seconds: int, connections: int, threads: int = 2, headers: dict | None = None
) -> LoadResult:
    report = subprocess.run(  # noqa: S603
        [  # noqa: S607  (wrk from the PATH, as Debian installs it)
            "wrk",
            f"--threads={threads}",
            f"--connections={connections}",
            f"--duration={seconds}s",
            "--timeout=10s",
            "--latency",
            *(f"--header={name}: {value}" for name, value in (headers or {}).items()),
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return parse_wrk(report)


def parse_wrk(report: str) -> LoadResult:
    return LoadResult(
        requests_per_second=float(_find(r"Requests/sec:\s+([\d.]+)", report)),
        p50_ms=_milliseconds(_find(r"^\s+50%\s+(\S+)", report)),
        p99_ms=_milliseconds(_find(r"^\s+99%\s+(\S+)", report)),
        errors=_errors(report),
    )


def _find(pattern: str, report: str) -> str:
    match = re.search(pattern, report, re.MULTILINE)
    if not match:
        raise ValueError(f"wrk's report has no {pattern!r}:\n{report}")
    return match.group(1)


def _milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([a-z]+)", value).groups()
    return float(number) * UNITS_MS[unit]


def _errors(report: str) -> int:
    errors = 0
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", report)
    if bad:
        errors += int(bad.group(1))
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report
    )
    if sockets:
        errors += sum(int(n) for n in sockets.groups())
    return errors


def median_run(runs: list[LoadResult]) -> LoadResult:
    """The run with the median throughput, as measured; errors of all runs counted."""
    median = sorted(runs, key=lambda run: run.requests_per_second)[len(runs) // 2]
    return dataclasses.replace(median, errors=sum(run.errors for run in runs))


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def allowed_milliseconds(share: float, trivial_per_second: float) -> float:
    """Machine time one request may take, on all CPUs, to reach `share` of the trivial rate."""
    return (os.cpu_count() or 1) / (share * trivial_per_second) * 1000


def drain(url: str) -> None:
    """Wait until gunicorn has answered what a load left queued: wrk leaves requests for a slow
    page in the listen queue, and the next load would otherwise wait behind them (a trivial view
    measured at 0 requests/s after the search page's load)."""
    for _ in range(3):  # one request at a time: each waits behind the whole queue
        with urllib.request.urlopen(url, timeout=300):  # noqa: S310
            pass
