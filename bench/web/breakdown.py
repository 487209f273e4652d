"""Where an uncached page's time goes under load: `python -m bench.web.breakdown PATH...`.

Serves the benchmark's database with gunicorn (one worker), loads each page with wrk while
py-spy samples the worker, and sorts every sample by what the worker was doing:

    render     writing the page: the Jinja2 template, or the API's JSON
    database   the database driver in the worker: running statements, handing back rows and
               converting their values (on PostgreSQL, time spent waiting for the server is
               not sampled: the server's own work is outside the worker)
    view       the view's own Python: building queries, turning rows into events, the context
    django     Django's request handling and middleware (ETag, headers, URL resolving)
    gunicorn   accepting the connection, parsing the request, writing the response
    other      stacks outside gunicorn's worker loop (about none)

py-spy pauses the worker for each sample (200 a second): the parts are shares of the sampled
time, not of an undisturbed run. Before sampling, the worker's part of the machine's busy time
under the same load is read from /proc: the rest is wrk, the kernel and anything else running
(with PostgreSQL, its server).

Prints a line per page, tab-separated: the path, the samples taken, each share in that order,
then the worker's part of the machine. The shares come from this one-worker run; `make
bench-web` sets them beside the rates of its own run (two workers, 32 connections).

Needs py-spy (requirements-dev.in) and the right to trace the worker (root, or
kernel.yama.ptrace_scope=0).
"""

import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.web.front import free_port, start_gunicorn, stop

SAMPLES_PER_SECOND = 200
SECONDS = int(os.environ.get("BREAKDOWN_SECONDS", 10))
WORKER_SHARE_SECONDS = min(3, SECONDS)  # `make bench-smoke` asks for 1 s of everything
CONNECTIONS = 8  # enough to keep the one worker busy, not so many that wrk crowds it out
PARTS = ("render", "database", "view", "django", "gunicorn", "other")
BIN = Path(sys.executable).parent

# Frames (py-spy's "function (file:line)") that say what a sample was doing, first match wins.
# The database: Django's wrapper around each cursor call, SQLite's adapter (its value
# converters run inside the fetch) and psycopg.
DATABASE_FRAMES = (
    "inner (django/db/utils.py",
    "(django/db/backends/sqlite3/base.py",
    "(psycopg/",
)
RENDER_FRAMES = ("SimpleTemplateResponse.render (", "json_response (", ".html:")
VIEW_FRAMES = ("View.dispatch (django/views/generic/base.py", "PathView._sync_view (ninja/")
DJANGO_FRAMES = ("BaseHandler.get_response (", "WSGIHandler.__call__ (")
GUNICORN_FRAMES = ("(gunicorn/",)


def part_of(frames: list[str]) -> str:
    """What one sampled stack (outermost frame first) was doing."""
    for part, marks in (
        ("database", DATABASE_FRAMES),
        ("render", RENDER_FRAMES),
        ("view", VIEW_FRAMES),
        ("django", DJANGO_FRAMES),
        ("gunicorn", GUNICORN_FRAMES),
    ):
        if any(mark in frame for frame in frames for mark in marks):
            return part
    return "other"


def shares(raw: str) -> tuple[int, dict[str, float]]:
    """py-spy's raw output (a stack, a space and a count per line) as each part's share."""
    counts = Counter()
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if stack:
            counts[part_of(stack.split(";"))] += int(count)
    total = sum(counts.values()) or 1
    return total, {part: counts[part] / total for part in PARTS}


def busy_ticks() -> int:
    """CPU time the whole machine has spent busy since boot, in clock ticks (/proc/stat)."""
    first = Path("/proc/stat").read_text().splitlines()[0]  # "cpu  user nice system idle ..."
    user, nice, system, _idle, _iowait, *rest = map(int, first.split()[1:])
    return user + nice + system + sum(rest[:3])  # irq, softirq, steal


def process_ticks(pid: int) -> int:
    """CPU time `pid` has spent, user and system, in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def worker_share(worker: int) -> float:
    """The worker's part of the machine's busy time over the next seconds: the rest (wrk, the
    kernel, anything else running) no change to the page's code makes cheaper."""
    machine, own = busy_ticks(), process_ticks(worker)
    time.sleep(WORKER_SHARE_SECONDS)
    return (process_ticks(worker) - own) / max(1, busy_ticks() - machine)


def sample(base: str, worker: int, path: str) -> tuple[str, float]:
    """py-spy's raw samples of `worker` while wrk loads `path`, and the worker's share of the
    machine's busy time under that load (measured before sampling, which takes CPU too)."""
    with tempfile.NamedTemporaryFile(suffix=".txt") as output:
        seconds = 1 + WORKER_SHARE_SECONDS + SECONDS + 2
        load = subprocess.Popen(  # noqa: S603
            ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", base + path],  # noqa: S607
            stdout=subprocess.DEVNULL,
        )
        try:
            time.sleep(1)  # the worker busy before anything is measured
            share = worker_share(worker)
            record(worker, output.name)
        finally:
            load.terminate()
            load.wait()
        return Path(output.name).read_text(), share


def record(worker: int, output: str) -> None:
    """py-spy's raw samples of `worker` for SECONDS, into the file `output`."""
    command = [str(BIN / "py-spy"), "record", "--pid", str(worker), "--duration", str(SECONDS)]
    command += ["--rate", str(SAMPLES_PER_SECOND), "--format", "raw", "--output", output]
    try:
        spy = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError:
        raise SystemExit("py-spy is not installed: make setup installs it.") from None
    if spy.returncode:
        raise SystemExit(f"py-spy could not sample the worker: {spy.stderr.strip()}")


def print_breakdown(output: str, paths: dict, now: dict, targets: dict) -> None:
    """The table `make bench-web` ends with: each page's parts (`output`, this module's lines
    for `paths`, {name: path}) and the worker's share of the machine, the time a request must
    lose to go from its share of the trivial view's rate `now` to its target, and the share it
    would reach if its view's own Python (and the unplaced rest) cost nothing."""
    columns = (*PARTS, "worker")
    found = {}
    for line in output.splitlines():
        path, _, *values = line.split("\t")
        found[path] = dict(zip(columns, map(float, values), strict=True))
    print()
    print("Where an uncached request's time goes: one gunicorn worker under wrk, sampled by py-spy")
    print("(parts of the worker's time; worker: its part of the machine's busy time)")
    print(f"{'':14}" + "".join(f"{part:>9}" for part in columns) + "  must lose  without view")
    for name, path in paths.items():
        parts = found[path]
        must_lose = max(0.0, 1 - now[name] / targets[name])
        removable = (parts["view"] + parts["other"]) * parts["worker"]
        ceiling = now[name] / max(1e-9, 1 - removable)
        print(
            f"{name:14}"
            + "".join(f"{parts[part]:9.0%}" for part in columns)
            + f"  {must_lose:9.0%}  {ceiling:7.0%} of trivial (target {targets[name]:.0%})"
        )


def worker_of(server: subprocess.Popen) -> int:
    """The one worker gunicorn's master forked."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    if len(children) != 1:
        raise SystemExit(f"expected one gunicorn worker, found {children}")
    return int(children[0])


def main():
    port = free_port()
    server = start_gunicorn(os.environ, port, workers=1)
    try:
        base = f"http://127.0.0.1:{port}"
        worker = worker_of(server)
        for path in sys.argv[1:]:
            raw, share = sample(base, worker, path)
            total, parts = shares(raw)
            values = [f"{parts[part]:.3f}" for part in PARTS]
            print("\t".join([path, str(total), *values, f"{share:.3f}"]))
    finally:
        stop(server)


if __name__ == "__main__":
    main()
