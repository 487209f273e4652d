"""A replayed day through the real stack: readers, editors, an import and a link check at once,
against `make serve` (deploy/serve.sh: gunicorn behind Varnish, production settings).

    python bench/bench_day.py [--events 100000] [--rate 1500] [--seconds 300]
                              [--warm-seconds 120] [--edits-per-second 1] [--import-files 1000]
                              [--check-limit 500] [--capacity] [--database-url postgres://...]

The database is `make bench-web`'s (built once, then reused; on SQLite each run serves a fresh
copy of it). Readers come from an open-loop generator of our own (bench/day/loadgen.py:
latency counted from each request's intended send time), at a fixed offered rate, Poisson
arrivals, over every public address by kind and recency (bench/day/workload.py). Its own
overhead is measured first against nginx serving a file, at the same rate. A warm-up at the
same rate, then the measured phase: editors write through the admin's forms at
--edits-per-second, a bot reading each changed page back through Varnish (bench/day/editors.py),
while a re-import of --import-files changed files and `check_sources --limit` against local
hosts run (bench/day/background.py). Before the stack serves, it prints the origin's floor
(bench/day/floor.py): the cores the measured phase's first requests, misses whatever the cache
does, take to render in one process. Then it prints requests offered and served, errors, the
hit ratio among repeat requests, reader p50/p99/p99.9 overall and per kind, objects purged per edit,
save-to-visible p99, the origin's CPU and the targets' verdicts. With --capacity, then offers
--step more requests a second each --step-seconds until the p99 or an error fails.
Exits non-zero on any reader error, failed write or failed background job.
"""

import argparse
import json
import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_web import DATA, PY, module_output, run  # noqa: E402
from bench.day import background, floor, report  # noqa: E402
from bench.day.loadgen import run as run_plan  # noqa: E402
from bench.day.stack import (  # noqa: E402
    Stack,
    children,
    cpu_seconds,
    purge_log,
    serve_environment,
    served,
    varnish_counters,
)
from bench.day.workload import Readers, schedule, steady  # noqa: E402
from bench.stress import serving_copy  # noqa: E402
from bench.web.front import cached_in_varnish, nginx  # noqa: E402
from bench.web.load import load_average  # noqa: E402

EDITOR = "bench-day-editor"
P99_TARGETS = {"sqlite": 50.0, "postgresql": 100.0}
YARDSTICK_SECONDS = 10
LAG_WARNING = 1.0  # seconds behind schedule past which the generator says it fell behind


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=1500, help="readers' requests a second")
    parser.add_argument("--seconds", type=float, default=300, help="the measured phase")
    parser.add_argument("--warm-seconds", type=float, default=120)
    parser.add_argument("--edits-per-second", type=float, default=1.0)
    parser.add_argument("--import-files", type=int, default=1000)
    parser.add_argument("--check-limit", type=int, default=500)
    parser.add_argument("--varnish-memory", default="1g", help="Varnish's malloc storage")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--capacity", action="store_true", help="then step the rate up")
    parser.add_argument("--step", type=float, default=250)
    parser.add_argument("--step-seconds", type=float, default=120)
    parser.add_argument("--database-url", help="a PostgreSQL database of the benchmark's own")
    return parser.parse_args()


def add_editor(env: dict) -> str:
    password = secrets.token_urlsafe(16)
    code = (
        "from django.contrib.auth import get_user_model; U = get_user_model(); "
        f"u = U.objects.filter(username='{EDITOR}').first() or "
        f"U.objects.create_superuser('{EDITOR}', '', 'x'); "
        "import os; u.set_password(os.environ['BENCH_EDITOR_PASSWORD']); u.save()"
    )
    run(
        [PY, "manage.py", "shell", "--verbosity", "0", "-c", code],
        {**env, "BENCH_EDITOR_PASSWORD": password},
    )
    return password


def yardstick(stack, rate: float, seconds: float) -> None:
    """The generator against nginx serving the home page's bytes from a file, same rate."""
    body = cached_in_varnish(stack.url + "/")
    with nginx(body) as static:
        samples, lag, cpu = run_plan(static, steady("/", rate, seconds))
    ms = [s.latency * 1000 for s in samples]
    print(
        f"generator against nginx (a file, {rate:.0f}/s for {seconds:.0f} s): p50 "
        f"{report.percentile(ms, 0.5):.2f} ms, p99 {report.percentile(ms, 0.99):.2f} ms, p99.9 "
        f"{report.percentile(ms, 0.999):.2f} ms, errors {sum(map(report.failed, samples))}, "
        f"worst send lag {lag * 1000:.1f} ms, its CPU {cpu / seconds:.2f} core"
    )


def start_editors(stack, work: dict, password: str, folder: Path) -> subprocess.Popen:
    path = folder / "editors.json"
    path.write_text(json.dumps(work))
    return subprocess.Popen(  # noqa: S603
        [PY, "-m", "bench.day.editors", stack.url, str(path)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "BENCH_EDITOR_PASSWORD": password},
        stdout=subprocess.PIPE,
        text=True,
    )


def origin_cpu(stack) -> dict[str, float]:
    pids = {name: pid for pid, name in children(stack.process.pid)}
    return {name: cpu_seconds(pids[name]) for name in ("gunicorn", "varnishd") if name in pids}


@dataclass
class Day:
    """What every phase of the day shares."""

    args: argparse.Namespace
    env: dict
    readers: Readers
    work: dict  # the editors' events and topics (bench/day/addresses.py)
    password: str
    folder: Path
    stack: Stack | None = None


def measured_phase(day: Day, rate: float, seconds: float, seed: int, earlier, jobs=None):
    """Readers at `rate` for `seconds` with the editors writing, and `jobs` (background Jobs
    and their threads) if given; prints the figures."""
    stack = day.stack
    work = {**day.work, "user": EDITOR, "rate": day.args.edits_per_second}
    work.update(seconds=seconds, seed=seed)
    cpu_before, started = origin_cpu(stack), time.perf_counter()
    with purge_log(stack) as purges:
        desk = start_editors(stack, work, day.password, stack.folder)
        samples, lag, own_cpu = run_plan(stack.url, schedule(day.readers, rate, seconds, seed))
        elapsed = time.perf_counter() - started
        writes = [json.loads(line) for line in desk.communicate(timeout=600)[0].splitlines()]
        background_jobs, threads = jobs or ([], [])
        for thread in threads:
            thread.join()
        cpu_after = origin_cpu(stack)
        logged = purges()
    print(f"\n-- {rate:.0f} requests/s offered for {seconds:.0f} s (load average {load_average()})")
    print(f"generator: worst send lag {lag * 1000:.1f} ms, its CPU {own_cpu / elapsed:.2f} core")
    if lag > LAG_WARNING:
        print(
            f"  the generator itself fell {lag:.1f} s behind its schedule: this machine could not "
            "even send the load, and the latencies below count that wait"
        )
    figures = report.readers(samples, earlier, seconds)
    busy = [(job.started, job.started + job.seconds) for job in background_jobs]
    figures.update(report.editors(writes, logged, busy))
    print(
        "origin CPU: "
        + ", ".join(
            f"{name} {(cpu_after.get(name, 0) - before) / elapsed:.2f} cores"
            for name, before in cpu_before.items()
        )
        + f" (of {os.cpu_count()})"
    )
    counters = varnish_counters(stack, "MAIN.n_object", "MAIN.n_lru_nuked")
    print("varnish: " + ", ".join(f"{name} {value}" for name, value in counters.items()))
    return figures, samples, desk.returncode == 0


def main():
    args = parse_args()
    copy = serving_copy(argparse.Namespace(events=args.events, database_url=args.database_url))
    folder = DATA / f"day-{args.events}"
    folder.mkdir(parents=True, exist_ok=True)
    env = serve_environment(copy)
    run([PY, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"], env)
    password = add_editor(env)
    work = json.loads(module_output(env, "bench.day.addresses"))
    readers = Readers(work.pop("addresses"), work.pop("queries"))
    files = background.prepare_import(folder, args.events, args.import_files)
    hosts = background.point_sources_at_hosts(env, PY, args.check_limit)
    addresses_read = sum(len(draw.items) for draw in readers.draws.values())
    print(f"{addresses_read} addresses to read; {files} files to re-import")
    origin_floor(args, env, readers, folder)
    try:
        passed = whole_day(Day(args, env, readers, work, password, folder), files)
    finally:
        seen = background.stop_hosts(hosts)
        print(f"local news sites answered {seen['requests']} link checks")
    sys.exit(0 if passed else 1)


def origin_floor(args, env: dict, readers: Readers, folder: Path) -> None:
    """The cores the measured phase's first requests need, rendered in one process (before
    the stack serves, so nothing else runs): bench/day/floor.py."""
    firsts, requests = floor.first_requests(
        readers, schedule, args.rate, args.warm_seconds, args.seconds, args.seed
    )
    path = folder / "floor-sample.json"
    path.write_text(json.dumps(floor.sample(firsts)))
    costs = json.loads(module_output(env, "bench.day.floor", str(path)).splitlines()[-1])
    floor.report(firsts, costs, requests, args.seconds, os.cpu_count() or 1)


def whole_day(day: Day, files: int) -> bool:
    args = day.args
    database = "postgresql" if args.database_url else "sqlite"
    with served(day.env, args.varnish_memory) as day.stack:
        # Every process of the checkout finds the stack by its serve file: so do these.
        env = {**day.env, "NEWSROOM_SERVE_FILE": str(day.stack.folder / "serve.env")}
        print(f"make serve's stack: {day.stack.url} ({args.events} events, {database})")
        print(f"uptime: {os.popen('uptime').read().strip()}")  # noqa: S605, S607
        yardstick(day.stack, args.rate, min(YARDSTICK_SECONDS, max(1.0, args.warm_seconds)))
        plan = schedule(day.readers, args.rate, args.warm_seconds, 0)
        warm, _, _ = run_plan(day.stack.url, plan)
        print(f"warm-up: {len(warm)} requests in {args.warm_seconds:.0f} s")
        jobs = background.start_jobs(
            env, PY, day.folder, files, args.check_limit, delay=args.seconds / 10
        )
        figures, samples, desk_ok = measured_phase(
            day, args.rate, args.seconds, args.seed, warm, jobs
        )
        report.jobs(jobs[0])
        target = P99_TARGETS[database]
        report.verdicts(figures, target)
        passed = desk_ok and figures["errors"] == 0 and not figures["writes failed"]
        passed = passed and all(job.ok for job in jobs[0])
        if args.capacity:
            capacity(day, target, warm + samples)
    return passed


def drained(stack, idle_cores: float = 0.1, longest: float = 180.0) -> None:
    """Waits until gunicorn works off what the phase before left queued (it uses under
    `idle_cores` for two seconds running), at most `longest` seconds: a step measures its own
    rate, not the last one's backlog."""
    started = time.perf_counter()
    quiet = 0
    while quiet < 2 and time.perf_counter() - started < longest:
        before = origin_cpu(stack).get("gunicorn", 0.0)
        time.sleep(1.0)
        quiet = quiet + 1 if origin_cpu(stack).get("gunicorn", 0.0) - before < idle_cores else 0
    print(f"\n(the origin idle after {time.perf_counter() - started:.0f} s)")


def capacity(day: Day, target: float, earlier) -> None:
    """Offered rates in steps of --step, each held --step-seconds, until one fails the p99."""
    step = day.args.step
    rate, best = step, None
    while True:
        drained(day.stack)
        figures, samples, _ = measured_phase(day, rate, day.args.step_seconds, int(rate), earlier)
        earlier = earlier + samples
        if figures["errors"] or not figures["p99"] < target:
            break
        best, rate = rate, rate + step
    print(f"\ncapacity (p99 < {target:.0f} ms, no errors, steps of {step:.0f}/s): {best}")


if __name__ == "__main__":
    main()
