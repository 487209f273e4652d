"""This process's copy of the public content version, kept current by Redis's change notices.

Every cached page is checked against the version (events.public_version). Reading it from Redis
costs a round trip per request, more than the rest of answering a cached page or a 304. So each
process (each thread, as Django keeps cache connections per thread) keeps the version it read
last, with the next scheduled publish time, and subscribes to a channel on which every change
of the version is announced (newsroom.redis_cache.RedisCache.set_and_announce).

Why the copy is never stale: the announcement goes out in the same MULTI/EXEC as the change,
and Redis queues it to every subscriber before it answers the writer. Before using its copy, a
process looks at its subscription (a non-blocking poll of a socket, no round trip): any notice
there, or a broken connection, drops the copy and the version is read again. A request that
starts after an edit's save has returned therefore finds the notice waiting.

Belt and braces: the copy is also read again after RECHECK_SECONDS whatever happens, and
whenever its process or its cache connection changes (a forked worker, other settings).
"""

import contextlib
import os
import select
import threading
import time
from typing import NamedTuple

from django.core.cache import BaseCache
from redis.exceptions import RedisError

CHANNEL = "public:changed"
RECHECK_SECONDS = 1.0


class KnownVersion(NamedTuple):
    version: str
    next_publish: object  # a datetime, or None when nothing is scheduled


class VersionWatch:
    """A subscription to the version's announcements and the version it vouches for."""

    def __init__(self, cache):
        self.cache = cache
        self.pid = os.getpid()
        self.subscription = cache.subscribe(CHANNEL)
        self.generation = 0  # counts the notices heard; a read taken before one is stale
        self.known: KnownVersion | None = None
        self.known_at = 0.0
        self.polled_socket = None  # the subscription's socket `poller` watches (`_quiet`)
        self.poller = None

    def current(self) -> KnownVersion | None:
        """The version as last read, if nothing may have changed since; else None."""
        if self.known is None or time.monotonic() - self.known_at > RECHECK_SECONDS:
            return None
        self._listen()
        return self.known

    def start_reading(self) -> int:
        """Call before reading the version from Redis; pass the answer to `remember`."""
        self._listen()
        return self.generation

    def remember(self, reading: int, version: str, next_publish) -> None:
        """Keep what a read begun at `reading` found, unless a notice came in meanwhile."""
        self._listen()
        if reading == self.generation:
            self.known = KnownVersion(version, next_publish)
            self.known_at = time.monotonic()

    def _listen(self) -> None:
        """Hear every waiting notice; any one makes the copy unknown."""
        if self._quiet():
            return
        heard = False
        while self.subscription.get_message(timeout=0) is not None:
            heard = True  # also a confirmation after redis-py reconnected and resubscribed
        if heard:
            self.generation += 1
            self.known = None

    def _quiet(self) -> bool:
        """Whether nothing at all has come in: the subscription's socket has nothing to read.

        One poll system call, where asking redis-py for a message costs ten times as much on
        every request. Only a shortcut: `_listen` drains every message redis-py has read, so
        anything new, a closed connection included, makes the socket readable; without a
        socket to poll (redis-py reconnecting), redis-py is asked.
        """
        connection = self.subscription.connection
        sock = getattr(connection, "_sock", None)
        if sock is None:
            return False
        if sock is not self.polled_socket:  # a new connection: poll that one only
            self.poller = select.poll()
            self.poller.register(sock, select.POLLIN | select.POLLPRI)
            self.polled_socket = sock
        return not self.poller.poll(0)

    def close(self) -> None:
        with contextlib.suppress(RedisError, OSError):
            self.subscription.close()


_watches = threading.local()


def watch_for(cache: BaseCache) -> VersionWatch | None:
    """The watch over `cache`'s version in this process and thread; None if it cannot have one.

    A cache without announcements (local memory, the version in a shared file) has none: its
    version is read for every request, as before.
    """
    if not hasattr(cache, "subscribe"):
        return None
    watch = getattr(_watches, "watch", None)
    if watch is not None and watch.cache is cache and watch.pid == os.getpid():
        return watch
    if watch is not None and watch.pid == os.getpid():
        watch.close()  # not a parent's connection: a forked worker must not touch that
    _watches.watch = VersionWatch(cache)
    return _watches.watch


def forget_watch() -> None:
    """Drop this thread's watch: after an error on its connection, start again."""
    watch = getattr(_watches, "watch", None)
    _watches.watch = None
    if watch is not None and watch.pid == os.getpid():
        watch.close()
