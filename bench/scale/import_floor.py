"""An import with the database's own time beside it: the floor of the import's time, what no
change above the database can go below without asking the database less.

    python -m bench.scale.import_floor ARCHIVE    (in the benchmark's environment)

runs `manage.py import_archive ARCHIVE` in this process and prints, last, a JSON line:
{"database_seconds": ...}.
- PostgreSQL: the CPU time of the server process serving the import's connection (parsing,
  planning, executing, index upkeep, COPY), read from /proc when the import ends. The
  database's waits on its disk are not in it, nor the work of parallel query workers.
- SQLite, which runs inside this process: the time spent in the driver's execute and
  executemany, every statement of the import, with its parameters' adaptation.
"""

import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import django


@contextmanager
def database_clock():
    """Yields a dict whose "seconds" is set to the database's time once the block ends."""
    from django.db import connection

    measured = {"seconds": 0.0}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            server = cursor.fetchone()[0]
        before = _cpu_seconds(server)
        yield measured
        measured["seconds"] = _cpu_seconds(server) - before
        return

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            measured["seconds"] += time.perf_counter() - started

    with connection.execute_wrapper(timed):
        yield measured


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process on this machine (/proc/PID/stat, in ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def main(archive: str) -> None:
    django.setup()
    from django.core.management import CommandError, call_command

    refused = None
    with database_clock() as measured:
        try:
            call_command("import_archive", archive, verbosity=0)
        except CommandError as error:  # refused files: the rest is imported all the same
            refused = str(error)
    print(json.dumps({"database_seconds": measured["seconds"], "refused": refused}))


if __name__ == "__main__":
    main(sys.argv[1])
