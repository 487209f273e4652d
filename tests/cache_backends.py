"""The caches tests run against: local memory (with its shared version file) and real Redis.

Redis tests use a database number and a key prefix of their own (one per test process), and
delete only their own keys: other test runs and servers may share the same Redis.
"""

import os
import secrets

import redis
from django.core.cache import caches

from newsroom.settings.caches import LOCAL_VERSION_ALIAS, local_caches, redis_caches

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
REDIS_KEY_PREFIX = f"newsroom-test-{os.getpid()}-{secrets.token_hex(4)}"
BACKENDS = ["locmem", "redis"]


def clear_all_caches() -> None:
    """Between tests: pages and versions from the last test's (rolled back) rows must go."""
    from events.page_cache import forget_local_pages  # the app loads after this module

    forget_local_pages()
    for cache in caches.all(initialized_only=True):
        if "redis" in type(cache).__module__:
            delete_own_redis_keys()
        else:
            cache.clear()


def use_backend(settings, backend: str, version_dir) -> None:
    """Point the project's caches at `backend` for one test (pytest-django's `settings`)."""
    if backend == "redis":
        require_redis()
        settings.CACHES = redis_caches(REDIS_TEST_URL, key_prefix=REDIS_KEY_PREFIX)
        settings.PUBLIC_VERSION_CACHE = "default"
    else:
        settings.CACHES = local_caches(version_dir)
        settings.PUBLIC_VERSION_CACHE = LOCAL_VERSION_ALIAS
    settings.PUBLIC_PAGE_CACHE = True


def require_redis() -> None:
    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        raise RuntimeError(
            f"The cache tests need Redis at {REDIS_TEST_URL} ({error}). Start it with: "
            'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ""'
        ) from error


def delete_own_redis_keys() -> None:
    client = redis.Redis.from_url(REDIS_TEST_URL)
    keys = list(client.scan_iter(match=f"{REDIS_KEY_PREFIX}:*", count=1000))
    if keys:
        client.delete(*keys)
