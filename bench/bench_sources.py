"""Link-check benchmark: `check_sources` over many sources on many polite local hosts.

    python bench/bench_sources.py --sources 10000 --hosts 50

Starts local news sites on 127.0.0.1 to 127.0.0.N (bench/source_hosts.py, its own process),
each answering after 20 ms; fills a fresh database (SQLite under bench-data/, or a
`X_bench_sources` database beside the PostgreSQL database `X` DATABASE_URL names)
with the sources spread evenly over the hosts; then runs `manage.py check_sources` as a user
would, politeness on (one request at a time per host, 50 ms between them), and prints the
links checked per second (the command's whole run, start-up included) and its peak memory,
with what the hosts saw of its politeness.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_import import bench_database, timed  # noqa: E402

PY = sys.executable
TARGET_PER_SECOND = 500
SOURCES_PER_EVENT = 10


def start_hosts(hosts: int, delay_ms: float) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen(  # noqa: S603
        [PY, str(ROOT / "bench" / "source_hosts.py"), "--hosts", str(hosts)]
        + ["--delay-ms", str(delay_ms)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    first_line = process.stdout.readline().split()
    if first_line[:1] != ["port"]:
        process.kill()
        sys.exit("the local hosts did not start")
    return process, int(first_line[1])


def stop_hosts(process: subprocess.Popen) -> dict:
    """Close the hosts' input (they stop) and read what they saw."""
    output, _ = process.communicate(input="", timeout=30)
    return json.loads(output.strip().splitlines()[-1])


def fill_database(sources: int, hosts: int, port: int) -> None:
    """`sources` sources, each its own address, spread evenly over the hosts."""
    import django

    django.setup()
    import datetime

    from events.models import Event
    from sources.models import Source

    day = datetime.date(2012, 2, 8)
    events = Event.objects.bulk_create(
        Event(date=day, position=number, headline=f"Event {number}", slug=f"event-{number}")
        for number in range(-(-sources // SOURCES_PER_EVENT))
    )
    Source.objects.bulk_create(
        (
            Source(
                event=events[number // SOURCES_PER_EVENT],
                position=number % SOURCES_PER_EVENT,
                name="Local news",
                url=f"http://127.0.0.{number % hosts + 1}:{port}/news/{number}",
            )
            for number in range(sources)
        ),
        batch_size=2000,
    )


def ledger_outcomes() -> dict:
    from django.db.models import Count

    from sources.models import LinkCheck

    rows = LinkCheck.objects.values_list("outcome").annotate(count=Count("pk")).order_by()
    return dict(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--answer-ms", type=float, default=20, help="each host's answer time")
    parser.add_argument("--delay-ms", type=int, default=50, help="pause between two requests")
    args = parser.parse_args()
    data = ROOT / "bench-data"
    data.mkdir(exist_ok=True)
    url, label = bench_database(data, name="newsroom_bench_sources")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
        # The hosts are on 127.0.0.x: the fetcher refuses those unless told (benchmark only).
        "NEWSROOM_FETCH_ALLOW_PRIVATE": "1",
        "NEWSROOM_FETCH_HOST_DELAY_MS": str(args.delay_ms),
    }
    os.environ.update(env)
    manage = [PY, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    hosts, port = start_hosts(args.hosts, args.answer_ms)
    try:
        fill_database(args.sources, args.hosts, port)
        print(f"\n{args.sources} sources on {args.hosts} hosts, {label}")
        print(f"each host answers after {args.answer_ms:g} ms; {args.delay_ms} ms between requests")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        seconds, cpu, peak, output = timed([*manage, "check_sources"], env)
    finally:
        seen = stop_hosts(hosts)
    per_second = args.sources / seconds
    print(output.strip())
    print(f"ledger: {ledger_outcomes()}")
    print(
        f"hosts saw {seen['requests']} requests, at most {seen['most_at_once_per_host']} at once "
        f"per host; pauses between them: shortest {seen['shortest_pause_ms']} ms, "
        f"1st percentile {seen['pause_1st_percentile_ms']} ms, median {seen['median_pause_ms']} ms"
    )
    print(f"{'seconds':>8} {'cpu s':>6} {'links/s':>8} {'target':>7} {'peak MB':>8}  result")
    print(
        f"{seconds:>8.1f} {cpu:>6.1f} {per_second:>8.0f} {TARGET_PER_SECOND:>7} {peak:>8.0f}  "
        f"{'MET' if per_second >= TARGET_PER_SECOND else 'NOT MET'}"
    )


if __name__ == "__main__":
    main()
