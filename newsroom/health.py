"""`/healthz` for load balancers and Varnish's probe: can this server answer pages?

200 when the database answers, 503 naming what failed otherwise. The front caches to purge
(NEWSROOM_PURGE_URLS) are reported too, with the purges still waiting for them, but never fail
the check: a cache that is down must not take the app servers out behind the other caches;
its purges stay pending until it takes them (events.http_cache.purge). The checks, and with
them the caches' internal addresses, are told only to the probe itself (a trusted proxy's own
request, `client_ip.from_a_proxy_itself`) and to staff; anyone else gets the status alone.
Never cached, and answered over plain HTTP too (prod settings exempt it from the HTTPS
redirect). What failed is named by the kind of error only; details go to the log.
"""

import logging
import queue
import socket
import threading
import urllib.parse

from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from events.http_cache.purge import purge_urls
from events.models import PendingPurge

from .client_ip import from_a_proxy_itself

logger = logging.getLogger(__name__)

# Well inside the probe's own timeout (deploy/varnish/newsroom.vcl).
CONNECT_SECONDS = 0.3


@never_cache
@require_safe
def healthz(request):
    database = check_database()
    body = {"status": "ok" if database == "ok" else "failing: database"}
    if may_see_details(request):
        body["checks"] = {"database": database}
        if database == "ok" and purge_urls():
            body["purge targets"] = {url: check_purge_target(url) for url in purge_urls()}
            body["pending purges"] = PendingPurge.objects.count()
    return JsonResponse(body, status=200 if database == "ok" else 503)


def may_see_details(request) -> bool:
    user = request.user
    return from_a_proxy_itself(request) or (user.is_active and user.is_staff)


def check_database() -> str:
    """`SELECT 1` within the deadline, on a connection of its own in a thread of its own.

    A database that accepts connections and never answers would hold the request until the
    probe gave up (libpq's connect timeout has a 2-second floor, a statement timeout is never
    reached). The check waits for the thread only until the deadline and answers then; the
    thread, a daemon, ends when its own timeouts (settings: connect_timeout, keepalives) do.
    """
    answers: queue.Queue = queue.Queue(maxsize=1)
    alias = settings.NEWSROOM_HEALTH_DATABASE
    worker = threading.Thread(
        target=_select_one, args=(alias, answers), daemon=True, name="healthz-database"
    )
    worker.start()
    try:
        return answers.get(timeout=settings.NEWSROOM_HEALTH_DEADLINE)
    except queue.Empty:
        return failure("database", TimeoutError("no answer within the deadline"))


def _select_one(alias: str, answers: queue.Queue) -> None:
    connection = connections[alias]  # this thread's own connection
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure is the answer, not a crash of the check
        answers.put(failure("database", error))
    else:
        answers.put("ok")
    finally:
        connection.close()


def check_purge_target(url: str) -> str:
    """Whether the cache at `url` takes connections (a purge then reaches it)."""
    parts = urllib.parse.urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=CONNECT_SECONDS):
            return "ok"
    except OSError as error:
        return failure(f"purge target {url}", error)


def failure(what: str, error: Exception) -> str:
    logger.error("Health check: %s failed: %s", what, error)
    return f"error: {type(error).__name__}"
