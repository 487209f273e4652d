"""Purging the front caches: recorded with the write, sent after it commits.

`request_purge(keys)` writes a `PendingPurge` row in the current transaction and asks for
the pending rows to be sent once it commits: a purge sent before the commit would let a reader
cache the old rows again, and a purge that fails is still in the table for the next write, the
next import or `manage.py purge_cache` to send. Without `NEWSROOM_PURGE_URLS` there is no front
cache and nothing is recorded.

Each cache gets `PURGE /` with the keys in an `xkey-purge` header (deploy/varnish/newsroom.vcl),
several requests when the keys are many. Sending again what a cache already took is harmless.
"""

import http.client
import logging
import threading
import urllib.parse
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import F

from ..models import PendingPurge

logger = logging.getLogger(__name__)

PURGE_HEADER = "xkey-purge"
# Well under the 8 KB Varnish takes in one request header.
MOST_HEADER_CHARACTERS = 4000
# Rows sent at once; a backlog larger than this is sent by the next call.
MOST_ROWS_PER_SEND = 500
TIMEOUT_SECONDS = 2

_sent = threading.local()


def purge_urls() -> list[str]:
    return [url.strip() for url in settings.NEWSROOM_PURGE_URLS if url.strip()]


def purging() -> bool:
    """Whether there is any front cache to purge."""
    return bool(purge_urls())


def request_purge(keys: Iterable[str], using: str = "default") -> None:
    """Purge `keys` from every front cache once the current transaction commits."""
    keys = sorted(set(keys))
    if not keys or not purging():
        return
    row = PendingPurge.objects.using(using).create(keys=" ".join(keys))
    transaction.on_commit(lambda: _send_after_commit(row.pk, using), using=using, robust=True)


def _send_after_commit(pk: int, using: str) -> None:
    # A transaction that recorded several purges sends all of them with its first callback.
    if pk in getattr(_sent, "pks", ()):
        return
    send_pending_purges(using)


def send_pending_purges(using: str = "default") -> int:
    """Send every pending purge to every cache; the rows every cache took are deleted.

    Returns how many rows are still pending (0: all sent).
    """
    pending = PendingPurge.objects.using(using)
    while rows := list(pending.order_by("pk")[:MOST_ROWS_PER_SEND]):
        keys = sorted({key for row in rows for key in row.keys.split()})
        pks = [row.pk for row in rows]
        _sent.pks = set(pks)
        errors = [error for url in purge_urls() if (error := send(url, keys))]
        if errors:
            pending.filter(pk__in=pks).update(
                attempts=F("attempts") + 1, last_error=errors[0][:500]
            )
            return pending.count()
        pending.filter(pk__in=pks).delete()
    return 0


def send(url: str, keys: list[str]) -> str:
    """PURGE `keys` at the cache `url`: '' when it took them all, else what went wrong."""
    for header in key_headers(keys):
        try:
            status = _purge_request(url, header)
        except OSError as error:
            logger.warning("Purge of %s failed: %s", url, error)
            return f"{url}: {type(error).__name__}: {error}"
        if status != 200:
            logger.warning("Purge of %s answered %s", url, status)
            return f"{url}: answered {status}"
    return ""


def key_headers(keys: list[str]) -> list[str]:
    """The keys in as few header values as fit the limit."""
    headers, current = [], ""
    for key in keys:
        if current and len(current) + 1 + len(key) > MOST_HEADER_CHARACTERS:
            headers.append(current)
            current = ""
        current = f"{current} {key}" if current else key
    return [*headers, current] if current else headers


def _purge_request(url: str, keys_header: str) -> int:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise OSError(f"not an http(s) address: {url}")
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=TIMEOUT_SECONDS)
    try:
        connection.request("PURGE", parts.path or "/", headers={PURGE_HEADER: keys_header})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()
