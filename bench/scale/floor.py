"""The database's own time on a page, as `make bench-web` measures it (bench/web/statements.py):
the statements one request runs, recorded, then run again alone through the driver with the
same parameters (best of a few replays, rows read in full). No ORM, template or middleware work
is in it: a page whose floor is over its target cannot meet it by any change above the
database, only by asking the database less."""

import time

from django.db import connection
from django.test import Client

REPLAYS = 5


def recorded(client: Client, path: str) -> tuple[list[tuple[str, tuple]], int]:
    """(every statement one request of `path` runs, with its parameters; its status)."""
    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get(path)
    return statements, response.status_code


def statements_of(client: Client, path: str) -> list[tuple[str, tuple]]:
    statements, _ = recorded(client, path)
    return [(sql, params) for sql, params in statements if _reads(sql)]


def _reads(sql: str) -> bool:
    """A statement that reads: writes (a session's expiry, an editor's presence) are not
    replayed, a second time would change rows or collide with the first."""
    return sql.lstrip().upper().startswith(("SELECT", "WITH", "("))


def replayed(statements, replays: int, budget: float = float("inf")) -> float:
    """Milliseconds the statements take, best of `replays` (fewer once `budget` seconds
    are spent)."""
    best = float("inf")
    begun = time.perf_counter()
    with connection.cursor() as cursor:
        for _ in range(replays):
            started = time.perf_counter()
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()
            best = min(best, time.perf_counter() - started)
            if time.perf_counter() - begun > budget:
                break
    return best * 1000


def database_floor(client: Client, path: str, budget: float = 10.0) -> dict:
    """{"floor": ms, "statements": how many} for one request of `path`."""
    statements = statements_of(client, path)
    return {"floor": replayed(statements, REPLAYS, budget), "statements": len(statements)}
