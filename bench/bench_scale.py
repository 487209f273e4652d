"""How the site's costs grow with the archive: generated archives of each size, imported,
re-imported, exported and dumped (time and peak memory, /usr/bin/time -v), then every page
kind, search, API endpoint and admin page timed one request at a time in process.

    python bench/bench_scale.py [--sizes 10000,100000] [--db sqlite|postgresql] [--repeat 40]
                                [--budget 60] [--no-skew] [--database-url postgres://...]

Archives (`bench/generate_archive.py --skew`) and databases are built once under
bench-data/scale/ and reused; PostgreSQL uses the database of --database-url (or
DATABASE_URL), emptied for each size it builds. Free disk is checked before anything is
written. Each size's figures are kept in bench-data/scale/<db>-<size>.json, and the table
printed at the end shows every size run so far for that database, each address's p95 against
its targets: under 300 ms, and no more than twice its time at the smallest size or 30 ms more,
and beside it the database's floor (the page's statements replayed alone, bench/scale/floor.py):
a miss whose floor is over 300 ms says so. A request over 10 s is recorded as "> 10 s" and not
repeated; an address stops being repeated after --budget seconds (at least 10 timings).
"""

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DATA = ROOT / "bench-data" / "scale"
BYTES_PER_EVENT = 12_000  # archive files, database, export and dump, with room to spare
P95_TARGET_MS = 300.0
GROWTH_FACTOR, GROWTH_MS = 2.0, 30.0

sys.path.insert(0, str(ROOT))
from bench.scale import command_targets  # noqa: E402

# Skewed archives and their databases are named after the generator's version: one an older
# generator wrote (before outlets were skewed too) is not reused.
SKEW = "-skew2"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument(
        "--budget", type=float, default=60.0, help="seconds of requests per address, at most"
    )
    parser.add_argument("--no-skew", dest="skew", action="store_false")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    return parser.parse_args()


def check_disk(sizes: list[int]) -> None:
    needed = sum(BYTES_PER_EVENT * size for size in sizes)
    free = shutil.disk_usage(DATA).free
    if free < needed:
        sys.exit(
            f"{free / 1e9:.1f} GB free under {DATA}; these sizes need about {needed / 1e9:.1f} GB"
        )


def environment(database_url: str) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "bench.scale.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(DATA / "media"),
    }


def manage(env: dict, *command: str, check: bool = True) -> None:
    """Run `manage.py command` in the benchmark's environment."""
    subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=check)  # noqa: S603


def timed(name: str, command: list[str], env: dict) -> dict:
    """Run a manage.py command (or, given "-m", a module) under /usr/bin/time -v: wall
    seconds and peak memory (MB), and what the command's last line reports as JSON."""
    print(f"$ {' '.join(command)}", flush=True)
    started = time.perf_counter()
    program = [] if command[0] == "-m" else ["manage.py"]
    done = subprocess.run(  # noqa: S603
        ["/usr/bin/time", "-v", PY, *program, *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1: an import reporting refused files
        sys.exit(f"{name} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    figures = {"seconds": seconds, "peak_mb": int(peak.group(1)) / 1024 if peak else None}
    last_line = done.stdout.strip().rsplit("\n", 1)[-1]
    if last_line.startswith("{"):
        figures.update(json.loads(last_line))
    return figures


def build(size: int, args, env: dict, folder: Path) -> dict:
    """Generate, import, re-import, export and dump one size; the figures of each step."""
    archive = DATA / f"archive-{size}{SKEW if args.skew else ''}"
    if not archive.exists():
        skew = ["--skew"] if args.skew else []
        subprocess.run(  # noqa: S603
            [PY, "bench/generate_archive.py", str(archive), str(size), *skew],
            cwd=ROOT,
            check=True,
        )
    if args.db == "postgresql":
        manage(env, "flush", "--no-input", check=False)
    manage(env, "migrate", "--no-input", "-v0")
    steps = {
        # With the database's own time beside it: the import's floor.
        "first import": ["-m", "bench.scale.import_floor", str(archive)],
        "unchanged re-import": ["import_archive", str(archive), "--verbosity", "0"],
    }
    figures = {name: timed(name, command, env) for name, command in steps.items()}
    # What autovacuum does soon after an import this size: statistics, and on PostgreSQL the
    # visibility map too, so index-only scans read no table rows (without it the day page's
    # statements fetched every row their indexes named).
    analyze = "VACUUM ANALYZE" if args.db == "postgresql" else "ANALYZE"
    statement = f"from django.db import connection; connection.cursor().execute('{analyze}')"
    manage(env, "shell", "-c", statement)
    export = folder / "export"
    shutil.rmtree(export, ignore_errors=True)
    figures["export"] = timed("export", ["export_archive", str(export)], env)
    shutil.rmtree(export, ignore_errors=True)
    figures["dump"] = timed("dump", ["export_dump", "bench"], env)
    return figures


def run_size(size: int, args) -> dict:
    folder = DATA / f"{args.db}-{size}{SKEW if args.skew else ''}"
    folder.mkdir(parents=True, exist_ok=True)
    if args.db == "sqlite":
        database_url = f"sqlite:///{folder / 'db.sqlite3'}"
    elif args.database_url.startswith(("postgres://", "postgresql://")):
        database_url = args.database_url
    else:
        sys.exit("--db postgresql needs --database-url (or DATABASE_URL)")
    env = environment(database_url)
    # A PostgreSQL database holds one size at a time: built again when another size was last.
    marker = folder / (
        "built" if args.db == "sqlite" else f"built-{database_url.rsplit('/', 1)[-1]}"
    )
    commands_file = folder / "commands.json"
    if args.db == "postgresql":
        for other in DATA.glob("postgresql-*/built-*"):
            if other != marker:
                other.unlink()
    if not marker.exists():
        commands_file.write_text(json.dumps(build(size, args, env, folder), indent=1))
        marker.write_text(f"{size} events\n")
    else:
        print(f"Reusing {folder}")
        manage(env, "migrate", "--no-input", "-v0")
    pages = folder / "requests.json"
    subprocess.run(  # noqa: S603
        [
            PY,
            "-m",
            "bench.scale.requests",
            "--repeat",
            str(args.repeat),
            "--budget",
            str(args.budget),
        ]
        + ["--json", str(pages)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return {
        "commands": json.loads(commands_file.read_text()) if commands_file.exists() else {},
        "requests": json.loads(pages.read_text()),
    }


def cell(figures: dict | None) -> str:
    if not figures:
        return f"{'-':>10}"
    if figures.get("slow"):
        return f"{'> 10 s':>10}"
    if "status" in figures:
        return f"{'HTTP ' + str(figures['status']):>10}"
    return f"{figures['p95']:10.1f}"


def verdict(figures: dict | None, smallest: dict | None) -> str:
    if not figures or "status" in figures:
        return ""
    misses = []
    floor = figures.get("floor", 0)
    if figures.get("slow") or figures["p95"] >= P95_TARGET_MS:
        misses.append("over 300 ms")
        # Where the database alone takes the target's time, no change above it can meet it.
        if floor >= P95_TARGET_MS:
            misses.append("database floor over 300 ms")
    elif smallest and "p95" in smallest:
        allowed = max(smallest["p95"] * GROWTH_FACTOR, smallest["p95"] + GROWTH_MS)
        if figures["p95"] > allowed:
            misses.append(f"grows past {allowed:.0f}")
            if floor > allowed:
                misses.append("database floor grows past it")
    return "; ".join(misses) or "ok"


def floor_cell(figures: dict | None) -> str:
    if not figures or "floor" not in figures:
        return f"{'-':>10}"
    return f"{figures['floor']:10.1f}"


def print_table(db: str, results: dict[int, dict]) -> None:
    sizes = sorted(results)
    print(
        f"\n{db}: p95 in ms, one request at a time in process; floor: the largest size's "
        f"statements replayed alone; load average {os.getloadavg()[0]:.1f} at the end; "
        f"{os.cpu_count()} CPUs"
    )
    print(
        f"{'address':44}"
        + "".join(f"{size:>10}" for size in sizes)
        + f"{'floor':>10}  verdict (largest)"
    )
    names = list(results[sizes[-1]]["requests"])
    for name in names:
        row = [results[size]["requests"].get(name) for size in sizes]
        print(
            f"{name:44.44}"
            + "".join(cell(figures) for figures in row)
            + floor_cell(row[-1])
            + f"  {verdict(row[-1], row[0] if len(row) > 1 else None)}"
        )
    print_commands(db, results)


def print_commands(db: str, results: dict[int, dict]) -> None:
    """Each command's time and peak memory per size; beside the largest size's, the
    database's own time (the first import's floor, bench/scale/import_floor.py) and the
    verdict against the targets (bench/scale/command_targets.py)."""
    sizes = sorted(results)
    print(
        f"\n{'command':24}"
        + "".join(f"{size:>18}" for size in sizes)
        + f"{'floor':>10}  verdict (largest)"
    )
    for step in command_targets.STEPS:
        cells = []
        for size in sizes:
            found = results[size]["commands"].get(step)
            cells.append(
                f"{found['seconds']:8.1f} s {found['peak_mb'] or 0:5.0f} MB"
                if found
                else f"{'-':>18}"
            )
        largest = results[sizes[-1]]["commands"].get(step) or {}
        floor = largest.get("database_seconds")
        print(
            f"{step:24}"
            + "".join(f"{c:>18}" for c in cells)
            + (f"{floor:8.1f} s" if floor is not None else f"{'-':>10}")
            + f"  {command_targets.verdict(db, step, sizes[-1], results)}"
        )


def main():
    args = parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size]
    DATA.mkdir(parents=True, exist_ok=True)
    check_disk(sizes)
    for size in sizes:
        result = run_size(size, args)
        (DATA / f"{args.db}-{size}.json").write_text(json.dumps(result, indent=1))
    results = {
        int(path.stem.split("-")[1]): json.loads(path.read_text())
        for path in DATA.glob(f"{args.db}-*.json")
    }
    print_table(args.db, results)


if __name__ == "__main__":
    main()
