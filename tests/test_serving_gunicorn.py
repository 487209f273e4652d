"""The site served as `make serve` serves it: gunicorn with its config file, production settings
(HTTPS redirect on), static files collected and compressed by whitenoise with far-future cache
headers, one access-log line per request on stdout, and /healthz answering over plain HTTP."""

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).parent / "gunicorn"
FAR_FUTURE = "max-age=315360000, public, immutable"
LB_SAYS_HTTPS = {"X-Forwarded-Proto": "https"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(static_root: Path, database_url: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("REDIS")}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DATABASE_URL": database_url,
    }


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    env = production_environment(root, "sqlite://:memory:")
    command = [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"]
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603
    return root


@contextmanager
def gunicorn(env: dict, log: Path):
    port = free_port()
    command = [
        str(GUNICORN),
        "--config",
        "newsroom/gunicorn.conf.py",
        "--workers",
        "1",
        "--bind",
        f"127.0.0.1:{port}",
        "newsroom.wsgi:application",
    ]
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        wait_until_answering(port, server, log)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def wait_until_answering(port: int, server, log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            get(port, "/healthz")
            return
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"gunicorn exited during start-up:\n{log.read_text()}")
            time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer within 20 s:\n{log.read_text()}")


def get(port: int, path: str, headers=None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def broken_database_url() -> str:
    """A database of the kind the tests run on, that cannot be reached."""
    if connection.vendor == "postgresql":
        return f"postgres://root@127.0.0.1:{free_port()}/newsroom"
    return "sqlite:////nonexistent-folder/newsroom/db.sqlite3"


def test_static_files_are_compressed_with_far_future_headers(static_root, tmp_path):
    log = tmp_path / "gunicorn.log"
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css"
    with gunicorn(production_environment(static_root, database), log) as port:
        status, headers, body = get(
            port, f"/static/{hashed}", {**LB_SAYS_HTTPS, "Accept-Encoding": "gzip"}
        )
        assert status == 200
        assert headers["Content-Encoding"] == "gzip"
        assert headers["Cache-Control"] == FAR_FUTURE
        assert body.startswith(b"\x1f\x8b")  # gzip's magic number
        # A name without its content hash may change: it must not be kept for long.
        status, headers, _ = get(port, "/static/css/site.css", LB_SAYS_HTTPS)
        assert status == 200
        assert headers["Cache-Control"] != FAR_FUTURE

        status, headers, body = get(port, "/healthz")  # plain HTTP: exempt from the redirect
        assert status == 200
        assert json.loads(body)["status"] == "ok"
        status, headers, _ = get(port, "/")
        assert (status, headers["Location"]) == (301, f"https://127.0.0.1:{port}/")
        time.sleep(0.2)  # the access log is written as each response completes
    lines = log.read_text().splitlines()
    assert any(f'"GET /static/{hashed} HTTP/1.1" 200' in line for line in lines), lines
    assert any('"GET /healthz HTTP/1.1" 200' in line for line in lines), lines


def test_healthz_reports_a_database_outage_as_503(static_root, tmp_path):
    env = production_environment(static_root, broken_database_url())
    with gunicorn(env, tmp_path / "gunicorn.log") as port:
        status, headers, body = get(port, "/healthz")
    assert status == 503
    assert headers["Content-Type"] == "application/json"
    report = json.loads(body)
    assert report["status"] == "failing: database"
    assert report["checks"]["database"] == "error: OperationalError"
