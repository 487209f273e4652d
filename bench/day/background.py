"""The day's other writers, beside the readers and editors: a re-import of changed archive
files, and `check_sources --limit N` against local news sites on 127.0.0.x
(bench/source_hosts.py). Both run as an operator runs them, `manage.py` in the checkout, and
purge the served Varnish because `make serve`'s file says where it is.
"""

import random
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.bench_sources import start_hosts, stop_hosts
from bench.generate_archive import make_events
from bench.stress import SEED, write_round

ROOT = Path(__file__).resolve().parent.parent.parent
SOURCE_HOSTS = 20
HOST_ANSWER_MS = 20
HOST_DELAY_MS = 50
IMPORT_REVISION = 1
EDITED_DAYS = 30  # bench/day/addresses.py's: the days editors work on


@dataclass
class Job:
    name: str
    started: float = 0.0  # epoch seconds
    seconds: float = 0.0
    report: str = ""
    ok: bool = False


def import_days(events: int, files: int) -> list[list]:
    """Whole days from the middle of the archive holding about `files` events, the editors'
    last 30 days left alone (an import would put back what they changed)."""
    by_day: dict = {}
    for event in make_events(events, random.Random(SEED)):
        by_day.setdefault(event.date, []).append(event)
    days = sorted(by_day)
    # A tiny archive has no days the editors leave alone: its older half, then.
    days = days[:-EDITED_DAYS] if len(days) > 2 * EDITED_DAYS else days[: len(days) // 2]
    chosen, total = [], 0
    for day in days[len(days) // 3 :]:
        if total >= files:
            break
        chosen.append(by_day[day])
        total += len(by_day[day])
    return chosen


def prepare_import(folder: Path, events: int, files: int) -> int:
    """The changed files, written once: every chosen event's headline and summary revised."""
    return write_round(folder / "archive", import_days(events, files), IMPORT_REVISION)


LOCAL_SOURCES = """
from sources.models import Source
from sources.link_checks import sources_to_check
ids = [s.pk for s in sources_to_check(limit={limit})]
for number, pk in enumerate(ids):
    host = f"127.0.0.{{number % {hosts} + 1}}:{port}"
    Source.objects.filter(pk=pk).update(url=f"http://{{host}}/n/{{pk}}")
print(len(ids))
"""


def point_sources_at_hosts(env: dict, python: str, limit: int) -> subprocess.Popen:
    """Local news sites started, and the `limit` sources the link check takes first moved
    onto them (the served copy's, before it is served)."""
    hosts, port = start_hosts(SOURCE_HOSTS, HOST_ANSWER_MS)
    code = LOCAL_SOURCES.format(limit=limit, hosts=SOURCE_HOSTS, port=port)
    subprocess.run(  # noqa: S603
        [python, "manage.py", "shell", "--verbosity", "0", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return hosts


def run_job(job: Job, command: list[str], env: dict, expect: str) -> None:
    job.started = time.time()
    result = subprocess.run(  # noqa: S603
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    job.seconds = time.time() - job.started
    lines = (result.stdout.strip() or result.stderr.strip()).splitlines()
    job.report = " ".join(lines[:2]) if result.returncode == 0 else "\n".join(lines[-5:])
    job.ok = result.returncode == 0 and expect in result.stdout


def start_jobs(env: dict, python: str, folder: Path, files: int, limit: int, delay: float):
    """The import and the link check, each in a thread of its own after `delay` seconds."""
    link_env = {
        **env,
        # The local sites are on 127.0.0.x: the fetcher refuses those unless told (benchmark).
        "NEWSROOM_FETCH_ALLOW_PRIVATE": "1",
        "NEWSROOM_FETCH_HOST_DELAY_MS": str(HOST_DELAY_MS),
    }
    manage = [python, "manage.py"]
    plans = [
        (
            Job("re-import"),
            [*manage, "import_archive", str(folder / "archive"), "--verbosity", "1"],
            env,
            f"0 created, {files} updated",
        ),
        (
            Job("link check"),
            [*manage, "check_sources", "--limit", str(limit)],
            link_env,
            f"of {limit} sources",
        ),
    ]
    threads = []
    for job, command, job_env, expect in plans:

        def later(job=job, command=command, job_env=job_env, expect=expect):
            time.sleep(delay)
            run_job(job, command, job_env, expect)

        threads.append(threading.Thread(target=later, daemon=True))
        threads[-1].start()
    return [plan[0] for plan in plans], threads


__all__ = ["Job", "prepare_import", "point_sources_at_hosts", "start_jobs", "stop_hosts"]
