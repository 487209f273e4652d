"""Profile one page in-process: `python -m bench.web.profiling PATH` prints where time goes.

Goes through Django's whole request handling (middleware, view, template), as gunicorn would.
"""

import cProfile
import pstats
import sys
import time

import django

django.setup()

from django.test import Client  # noqa: E402

REQUESTS = int(__import__("os").environ.get("REQUESTS", 300))


def main():
    path = sys.argv[1]
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get(path).status_code == 200  # noqa: S101
    started = time.perf_counter()
    for _ in range(REQUESTS):
        client.get(path)
    per_request = (time.perf_counter() - started) / REQUESTS * 1000
    print(f"{path}: {per_request:.2f} ms per request in one process, unprofiled")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(REQUESTS):
        client.get(path)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(__import__("os").environ.get("SORT", "tottime")).print_stats(
        int(__import__("os").environ.get("LINES", 25))
    )


if __name__ == "__main__":
    main()
