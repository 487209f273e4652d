"""The address of the Varnish that `make serve` runs, for every process of this checkout.

While `make serve` runs, deploy/serve.sh keeps a file (`.env.serve` in the project folder, or
`NEWSROOM_SERVE_FILE`) saying where its Varnish listens and which process it is:

    NEWSROOM_PURGE_URLS=http://127.0.0.1:8000/
    NEWSROOM_SERVE_PID=12345

Every process of the checkout (gunicorn, `manage.py shell`, an import, a link check, the
`runserver` of `make run` on the same database) reads it before `.env`, so its writes purge
that Varnish. The file is deleted when `make serve` stops; one left by a `make serve` that was
killed outright names a process that is gone, and is ignored. The process environment still
wins over it, as over `.env`.
"""

import os
from pathlib import Path

from dotenv import dotenv_values


def serve_file(base_dir: Path) -> Path:
    return Path(os.environ.get("NEWSROOM_SERVE_FILE") or base_dir / ".env.serve")


def process_runs(pid: str | None) -> bool:
    if not pid or not pid.strip().isdigit():
        return False
    try:
        os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, run by another user
    return True


def read_serving_stack(base_dir: Path) -> None:
    """Fill in, from a running `make serve`'s file, what the environment did not set."""
    path = serve_file(base_dir)
    if not path.is_file():
        return
    values = dotenv_values(path)
    if not process_runs(values.get("NEWSROOM_SERVE_PID")):
        return
    for name in ("NEWSROOM_PURGE_URLS",):
        if values.get(name):
            os.environ.setdefault(name, values[name])
