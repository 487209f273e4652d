"""Dependencies that hang: a database that accepts connections and never answers makes
/healthz answer 503 naming the database, on the check's own deadline, and every connection the
site opens has connect and read timeouts."""

import json
import socket
import subprocess
import sys

import dj_database_url
import pytest
from django.db import connections


@pytest.fixture
def silent_listener():
    """A port that accepts connections (the kernel completes them) and never says a word."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield server.getsockname()[1]


@pytest.fixture
def hung_database(silent_listener, settings):
    """A database alias at the silent listener, which /healthz is told to check."""
    url = f"postgres://root@127.0.0.1:{silent_listener}/newsroom"
    config = dj_database_url.parse(url)
    config["OPTIONS"] = {"connect_timeout": 30}  # longer than any deadline: only ours can end it
    both = {"default": connections.settings["default"], "hung": config}
    connections.settings["hung"] = connections.configure_settings(both)["hung"]
    settings.NEWSROOM_HEALTH_DATABASE = "hung"
    settings.NEWSROOM_HEALTH_DEADLINE = 0.5
    yield "hung"
    del connections.settings["hung"]


def test_healthz_answers_503_naming_the_database_when_it_never_answers(
    client, hung_database, django_db_blocker
):
    # Outside a test transaction: the check's thread opens its own connection, which a test
    # case's isolation would refuse before it reached the listener.
    with django_db_blocker.unblock():
        response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "failing: database"
    assert body["checks"]["database"] == "error: TimeoutError"


@pytest.mark.django_db(transaction=True)
def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content)["checks"]["database"] == "ok"


def test_postgresql_connections_have_connect_timeouts_and_keepalives():
    program = (
        "import json, newsroom.settings.base as s; "
        "print(json.dumps(s.DATABASES['default']['OPTIONS']))"
    )
    env = {"DATABASE_URL": "postgres://root@127.0.0.1:5432/anything", "PATH": "/usr/bin:/bin"}
    found = subprocess.run(  # noqa: S603 (this interpreter, a fixed program)
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, check=True
    )
    options = json.loads(found.stdout)
    assert 2 <= options["connect_timeout"] <= 10
    assert options["keepalives"] == 1 and options["keepalives_idle"] > 0
    assert options["tcp_user_timeout"] > 0
