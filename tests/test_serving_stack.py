"""`make serve` is the whole stack: deploy/serve.sh started for real (Varnish in front of
gunicorn, newsroom.settings.serve), an edit made by another process of the checkout
(`manage.py shell -c`) purges its Varnish, and an editor signs in over plain HTTP."""

import http.client
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection

from tests.test_serving_gunicorn import free_port
from tests.varnish import INSTALL

ROOT = Path(settings.BASE_DIR)
PY = sys.executable
DAY = "2012/02/8"
EDITOR, PASSWORD = "editor", secrets.token_urlsafe(12)

pytestmark = pytest.mark.varnish


@contextmanager
def stack_database(tmp_path: Path):
    """A database of the kind the tests run on, of this test's own (the stack's processes
    cannot see the test's transaction): its address; dropped afterwards."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
        return
    fields = connection.settings_dict
    server = f"postgres://{fields['USER']}@{fields['HOST']}:{fields['PORT']}"
    name = f"{fields['NAME']}_stack"
    drop = f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"

    def on_server(sql: str) -> None:
        subprocess.run(["psql", f"{server}/postgres", "-q", "-c", sql], check=True)  # noqa: S603, S607

    on_server(drop)
    on_server(f"CREATE DATABASE {name}")
    try:
        yield f"{server}/{name}"
    finally:
        on_server(drop)


def checkout_environment(tmp_path: Path, database_url: str) -> dict:
    """What a shell of this checkout has: no purge address of its own, the serve file of this
    test (the checkout's own stays untouched)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.pop("NEWSROOM_PURGE_URLS", None)
    return {
        **env,
        "DATABASE_URL": database_url,
        "NEWSROOM_SERVE_FILE": str(tmp_path / ".env.serve"),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }


def manage(env: dict, *arguments: str) -> str:
    if arguments[0] == "shell":  # quiet: only what the command prints
        arguments = ("shell", "--verbosity", "0", *arguments[1:])
    result = subprocess.run(  # noqa: S603
        [PY, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def default_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextmanager
def make_serve(env: dict, log: Path):
    """deploy/serve.sh as `make serve` runs it; yields the Varnish port once its addresses are
    printed."""
    port = free_port()
    serve_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.serve",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "BACKEND_PORT": str(free_port()),
        "VENV": str(Path(PY).parent.parent),
        "WEB_CONCURRENCY": "1",
    }
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603
            ["deploy/serve.sh"],
            cwd=ROOT,
            env=serve_env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # Ctrl-C as a terminal delivers it: a test run started in the background of a
            # non-interactive shell ignores SIGINT, and a shell started with it ignored can
            # never trap it.
            preexec_fn=default_interrupt,
        )
    try:
        deadline = time.monotonic() + 30
        while "Admin: " not in log.read_text():
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"make serve did not start ({INSTALL}):\n{log.read_text()}")
            time.sleep(0.1)
        yield port
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)


def request(port: int, method: str, path: str, body: str = "", headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        conn.close()


def until_rendered(port: int, path: str):
    """gunicorn may still be starting behind Varnish: its first answers can be 503."""
    deadline = time.monotonic() + 30
    while True:
        answer = request(port, "GET", path)
        if answer[0] == 200 or time.monotonic() > deadline:
            return answer
        time.sleep(0.2)


def cookies(headers) -> dict[str, str]:
    found = {}
    for line in headers.get_all("Set-Cookie") or []:
        name, _, rest = line.partition("=")
        found[name] = rest.split(";")[0]
        assert "secure" not in line.lower(), line  # plain HTTP: a secure cookie never returns
    return found


@pytest.fixture
def served_site(tmp_path):
    with stack_database(tmp_path) as database_url:
        yield served_environment(tmp_path, database_url)


def served_environment(tmp_path: Path, database_url: str) -> dict:
    """The environment of a checkout whose database holds one day and an editor."""
    env = checkout_environment(tmp_path, database_url)
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "import_archive", "demo/archive", "--only", DAY, "--verbosity", "0")
    create = (
        "from django.contrib.auth import get_user_model; "
        f"get_user_model().objects.create_superuser('{EDITOR}', '', '{PASSWORD}')"
    )
    manage(env, "shell", "-c", create)
    serve_env = {**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings.serve"}
    manage(serve_env, "collectstatic", "--no-input", "--verbosity", "0")
    return env


def test_an_edit_from_the_shell_purges_the_served_page(served_site, tmp_path):
    env = served_site
    slug = manage(
        env, "shell", "-c", "from events.models import Event; print(Event.objects.get().slug)"
    )
    page = f"/news/{DAY}/{slug.strip()}/"
    with make_serve(env, tmp_path / "serve.log") as port:
        printed = (tmp_path / "serve.log").read_text()
        assert f"Site:  http://127.0.0.1:{port}/" in printed
        assert f"Admin: http://127.0.0.1:{port}/admin/" in printed
        serve_file = Path(env["NEWSROOM_SERVE_FILE"]).read_text()
        assert f"NEWSROOM_PURGE_URLS=http://127.0.0.1:{port}/" in serve_file

        assert until_rendered(port, page)[0] == 200
        status, headers, body = request(port, "GET", page)
        assert (status, headers["X-Cache"]) == (200, "HIT")
        assert "Headline fixed from the shell" not in body

        edit = (
            "from events.models import Event; event = Event.objects.get(); "
            "event.headline = 'Headline fixed from the shell'; event.save()"
        )
        manage(env, "shell", "-c", edit)  # dev settings, no purge address in its environment
        status, headers, body = request(port, "GET", page)
        assert (status, headers["X-Cache"]) == (200, "MISS")
        assert "Headline fixed from the shell" in body
        assert (
            manage(
                env,
                "shell",
                "-c",
                "from events.models import PendingPurge; print(PendingPurge.objects.count())",
            ).strip()
            == "0"
        )
    # Stopped: the checkout's processes no longer purge a Varnish that is gone.
    assert not Path(env["NEWSROOM_SERVE_FILE"]).exists()


def test_an_editor_signs_in_over_plain_http(served_site, tmp_path):
    with make_serve(served_site, tmp_path / "serve.log") as port:
        status, headers, body = until_rendered(port, "/admin/login/")
        assert status == 200
        csrf = cookies(headers)["csrftoken"]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        form = urlencode(
            {
                "csrfmiddlewaretoken": token,
                "username": EDITOR,
                "password": PASSWORD,
                "next": "/admin/",
            }
        )
        status, headers, body = request(
            port,
            "POST",
            "/admin/login/",
            form,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf}",
                "Origin": f"http://127.0.0.1:{port}",
                "Referer": f"http://127.0.0.1:{port}/admin/login/",
            },
        )
        assert (status, headers["Location"]) == (302, "/admin/"), body
        session = cookies(headers)["sessionid"]
        status, _, body = request(
            port, "GET", "/admin/", headers={"Cookie": f"sessionid={session}"}
        )
        assert status == 200
        assert "Site administration" in body or "logout" in body.lower()


def test_a_serve_file_left_by_a_stopped_stack_is_ignored(tmp_path):
    gone = subprocess.Popen(["true"])  # noqa: S603, S607
    gone.wait()
    serve_file = tmp_path / ".env.serve"
    serve_file.write_text(
        f"NEWSROOM_PURGE_URLS=http://127.0.0.1:9/\nNEWSROOM_SERVE_PID={gone.pid}\n"
    )
    env = {
        **checkout_environment(tmp_path, "sqlite://:memory:"),
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev",
    }
    show = "from django.conf import settings; print(settings.NEWSROOM_PURGE_URLS)"
    assert manage(env, "shell", "-c", show).strip() == "[]"
    serve_file.write_text(
        f"NEWSROOM_PURGE_URLS=http://127.0.0.1:9/\nNEWSROOM_SERVE_PID={os.getpid()}\n"
    )
    assert manage(env, "shell", "-c", show).strip() == "['http://127.0.0.1:9/']"


def test_the_local_serving_settings_refuse_other_hosts(tmp_path):
    env = {
        **checkout_environment(tmp_path, "sqlite://:memory:"),
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.serve",
        "DJANGO_ALLOWED_HOSTS": "newsroom.example",
    }
    result = subprocess.run(  # noqa: S603
        [PY, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "sends cookies over plain HTTP" in result.stderr
