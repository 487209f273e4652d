"""`make serve` for the day: deploy/serve.sh (gunicorn behind Varnish, production settings over
HTTP to this machine) on the benchmark's database, with what the benchmark reads of it: the
purges Varnish logged (how many objects each took) and the CPU the origin's processes used.
"""

import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.web.front import free_port, stop, wait_until_answering

ROOT = Path(__file__).resolve().parent.parent.parent
SERVE = ROOT / "deploy" / "serve.sh"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
STARTING_SECONDS = 300


@dataclass
class Stack:
    url: str
    process: subprocess.Popen
    varnish_name: str
    folder: Path

    def gunicorn_pid(self) -> int | None:
        return next((pid for pid, name in children(self.process.pid) if name == "gunicorn"), None)


def children(parent: int) -> list[tuple[int, str]]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)
            name = fields[0].split("(", 1)[1]
            if int(fields[1].split()[1]) == parent:
                found.append((int(stat.parent.name), name))
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
    return found


def cpu_seconds(pid: int) -> float:
    """CPU of a process and of every child it ever waited for, plus its live children's: a
    gunicorn master and its workers (workers it replaced included)."""

    def own(one: int, reaped: bool) -> float:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        if reaped:
            ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
        return ticks / CLOCK_TICKS

    return own(pid, True) + sum(own(child, False) for child, _ in children(pid))


def serve_environment(database_url: str, extra: dict | None = None) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.serve",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        **(extra or {}),
    }


@contextmanager
def served(env: dict, varnish_memory: str):
    """deploy/serve.sh on free ports, its serve file in a folder of its own (the checkout's
    `make serve`, if one runs, keeps its own); yields the Stack once Varnish answers."""
    folder = Path(tempfile.mkdtemp(prefix="newsroom-bench-day-"))
    folder.chmod(0o755)
    port, backend = free_port(), free_port()
    name = str(folder / "varnish")
    serve_env = {
        **env,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "BACKEND_PORT": str(backend),
        "VENV": str(Path(sys.executable).parent.parent),
        "VARNISH_NAME": name,
        "VARNISH_MEMORY": varnish_memory,
        "NEWSROOM_SERVE_FILE": str(folder / "serve.env"),
    }
    log = (folder / "serve.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        [str(SERVE)], cwd=ROOT, env=serve_env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        url = f"http://127.0.0.1:{port}"
        # gunicorn's workers start slowly on a busy machine: a few minutes allowed.
        for ready in (f"http://127.0.0.1:{backend}/healthz", url + "/healthz"):
            wait_until_answering(ready, process, folder / "serve.log", seconds=STARTING_SECONDS)
        yield Stack(url, process, name, folder)
    finally:
        stop(process)
        log.close()


@contextmanager
def purge_log(stack: Stack):
    """varnishlog's record of every PURGE while the block runs; yields a function returning
    (epoch second, objects purged) of each purge so far."""
    path = stack.folder / "purges.log"
    with path.open("w") as out:
        process = subprocess.Popen(  # noqa: S603
            [  # noqa: S607  (varnishlog from the PATH, as Debian installs it)
                "varnishlog",
                "-n",
                stack.varnish_name,
                "-q",
                'ReqMethod eq "PURGE"',
                "-i",
                "Timestamp,ReqHeader",
            ],
            stdout=out,
        )
        time.sleep(0.5)  # attached before the first write
        try:
            yield lambda: read_purges(path)
        finally:
            time.sleep(0.5)  # the last purges written out
            stop(process)


def read_purges(path: Path) -> list[tuple[float, int]]:
    purges, start = [], None
    for line in path.read_text().splitlines():
        stamp = re.search(r"Timestamp\s+Start: ([\d.]+)", line)
        if stamp:
            start = float(stamp.group(1))
        counted = re.search(r"ReqHeader\s+X-Purged: (\d+)", line)
        if counted and start is not None:
            purges.append((start, int(counted.group(1))))
    return purges


def varnish_counters(stack: Stack, *names: str) -> dict[str, int]:
    output = subprocess.run(  # noqa: S603
        ["varnishstat", "-n", stack.varnish_name, "-1", *(f"-f{name}" for name in names)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return {line.split()[0]: int(line.split()[1]) for line in output.splitlines() if line.strip()}
