"""The public content version: a token that changes whenever what the public sees may change.

Cached public pages are labelled with the version they were rendered at and served only while
it is still current, so one `bump_public_version()` retires every cached page at once, on every
app server (the version lives in the shared cache; see newsroom/settings/caches.py).

Each bump stores a new random token rather than adding one to a number: two writers bumping at
the same moment can never end on a value some page was already rendered at, and a version lost
from the cache (evicted, Redis restarted) starts again at a value no page carries.

A scheduled event becomes public when its publish time passes, with no write at all: the next
publish time is kept beside the version, and the first request after it bumps the version.
"""

import datetime
import secrets
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from redis.exceptions import RedisError

from .models import Event
from .version_watch import CHANNEL, KnownVersion, forget_watch, watch_for

VERSION_KEY = "public:version"
NEXT_PUBLISH_KEY = "public:next-publish"
CACHE_ERRORS = (OSError, RedisError)


def bump_public_version() -> str:
    """Retire every cached public page. Call after any write the public could see.

    Bumps now, and again when the surrounding transaction commits: a page rendered from the
    old rows while the transaction was still open is retired too.
    """
    version = _store_new_version()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_store_new_version, robust=True)
    return version


class PublicState(NamedTuple):
    """What a request needs to know before answering from the page cache, read in one go."""

    version: str
    # False until a page of this version is rendered: then the next publish time is looked up.
    schedule_known: bool
    pages: dict
    read_at: datetime.datetime


def current_state(*page_keys: str) -> PublicState:
    """The version now, and whichever `page_keys` the page cache holds, read together.

    With Redis that is one round trip, or none while this process's copy of the version is
    good (events.version_watch); never a database query: a scheduled publish time is looked
    up after a page is rendered (`learn_schedule`), when the database answers anyway.
    """
    now = timezone.now()
    try:
        watch = watch_for(version_cache())
        known = watch.current() if watch else None
        if known is not None:
            pages = page_cache().get_many(page_keys) if page_keys else {}
            return _state(known.version, known, pages, now)
        reading = watch.start_reading() if watch else None
    except CACHE_ERRORS:
        forget_watch()  # a new subscription next time
        raise
    version, found = _read(page_keys)
    if version is None:
        version = _start_version()
    version_then, next_publish = found.pop(NEXT_PUBLISH_KEY, (None, None))
    if version_then != version:
        return PublicState(version, False, found, now)
    if watch:
        watch.remember(reading, version, next_publish)
    return _state(version, KnownVersion(version, next_publish), found, now)


def _state(version: str, known: KnownVersion, pages: dict, now) -> PublicState:
    if known.next_publish is not None and known.next_publish <= now:
        # A scheduled event has just become public: every page may show it.
        return PublicState(_store_new_version(), False, {}, now)
    return PublicState(version, True, pages, now)


def learn_schedule(state: PublicState) -> None:
    """Keep, beside the version, when the next scheduled event becomes public: one query.

    Counted from when the state was read, before the page was rendered: an event that became
    public during the render, and so may be missing from it, is still to come.
    """
    upcoming = Event.objects.filter(
        status=Event.Status.SCHEDULED, publish_at__gt=state.read_at
    ).aggregate(first=Min("publish_at"))["first"]
    page_cache().set(NEXT_PUBLISH_KEY, (state.version, upcoming), timeout=None)


def page_cache():
    return caches["default"]


def version_cache():
    return caches[settings.PUBLIC_VERSION_CACHE]


def _read(page_keys) -> tuple[str | None, dict]:
    keys = [NEXT_PUBLISH_KEY, *page_keys]
    if settings.PUBLIC_VERSION_CACHE == "default":
        found = page_cache().get_many([VERSION_KEY, *keys])
        return found.pop(VERSION_KEY, None), found
    return version_cache().get(VERSION_KEY), page_cache().get_many(keys)


def _store_new_version() -> str:
    version, cache = secrets.token_hex(8), version_cache()
    if hasattr(cache, "set_and_announce"):
        # Every process keeping a copy of the version hears of the change (version_watch).
        cache.set_and_announce(VERSION_KEY, version, CHANNEL, timeout=None)
    else:
        cache.set(VERSION_KEY, version, timeout=None)
    return version


def _start_version() -> str:
    """The first request after a restart: of several racing to start it, one wins."""
    cache, version = version_cache(), secrets.token_hex(8)
    if cache.add(VERSION_KEY, version, timeout=None):
        return version
    return cache.get(VERSION_KEY) or version
