"""`/healthz`: 200 when the database and the cache answer, 503 naming what does not.

A database outage is shown with a real server in test_serving_gunicorn.py: this process's
test database cannot be taken away from under the other tests.
"""

import json
import socket

import pytest

from newsroom.settings.caches import redis_caches

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthy_means_200_with_every_check(client, cache_backend):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"
    if cache_backend == "locmem":  # the version file shared by this machine's processes
        assert body["checks"]["content version"] == "ok"


def test_an_unreachable_cache_is_a_503_that_names_it(client, settings):
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{closed_port()}/0")
    settings.PUBLIC_VERSION_CACHE = "default"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "failing: cache"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "error: ConnectionError"


def test_health_is_never_cached_and_only_read(client):
    first = client.get("/healthz")
    assert "no-store" in first["Cache-Control"]
    assert "ETag" not in first
    assert client.post("/healthz").status_code == 405
