"""What the database alone spends on a page: `python -m bench.web.statements PATH...`.

Requests each page once in-process and records the statements it runs, then runs those same
statements again, with the same parameters, straight through the database driver, and
prints, one line per page, tab-separated: the path, how many statements, and their total
time in milliseconds (best of REPLAYS). No ORM, template or middleware work is in that time:
it is the floor under the page's cost that no Python above the database can remove.
"""

import os
import sys

import django

django.setup()

from django.test import Client  # noqa: E402

from bench.scale.floor import recorded, replayed  # noqa: E402

REPLAYS = int(os.environ.get("REPLAYS", 20))


def statements_of(path: str) -> list[tuple[str, tuple]]:
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)  # a first request opens the connection and warms the database's caches
    statements, status = recorded(client, path)
    if status != 200:
        raise SystemExit(f"{path} answered {status}")
    return statements


def database_time(statements) -> float:
    """Milliseconds the statements take, best of REPLAYS, rows read in full."""
    return replayed(statements, REPLAYS)


def main():
    for path in sys.argv[1:]:
        statements = statements_of(path)
        print(f"{path}\t{len(statements)}\t{database_time(statements):.3f}")


if __name__ == "__main__":
    main()
