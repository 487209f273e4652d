"""The cache: Redis, shared by every app server, when REDIS_URL is set; else memory per process.

Public pages are cached and checked against one public content version (events.public_version).
That version has to be the same for every process that serves pages: with Redis it lives there
beside the pages; without it, pages stay in each process's memory but the version is kept in a
small file cache that all processes on this machine share, so an edit handled by one gunicorn
worker (or an import run from the shell) reaches the others.
"""

import hashlib
import os
import tempfile
from pathlib import Path

from .env import env_bool

PAGE_TIMEOUT = 24 * 60 * 60  # pages are checked against the version; this only frees memory
# Each page is ~10-60 KB; bounded so that several workers' copies stay small.
LOCAL_MAX_ENTRIES = 1000
# An unreachable Redis must fail a request quickly, not hang a worker.
REDIS_SOCKET_TIMEOUT_SECONDS = 1

LOCAL_VERSION_ALIAS = "public_version"


def redis_caches(url: str, key_prefix: str = "newsroom") -> dict:
    return {
        "default": {
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
            "TIMEOUT": PAGE_TIMEOUT,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_SOCKET_TIMEOUT_SECONDS,
            },
        }
    }


def local_caches(version_dir: Path) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": PAGE_TIMEOUT,
            "OPTIONS": {"MAX_ENTRIES": LOCAL_MAX_ENTRIES},
        },
        LOCAL_VERSION_ALIAS: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(version_dir),
            "TIMEOUT": None,
        },
    }


def default_version_dir() -> Path:
    """One folder per checkout, so two projects on a machine never share a version."""
    checkout = hashlib.sha256(str(Path(__file__).resolve()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"newsroom-public-version-{checkout}"


REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
    PUBLIC_VERSION_CACHE = "default"
else:
    CACHES = local_caches(default_version_dir())
    PUBLIC_VERSION_CACHE = LOCAL_VERSION_ALIAS

# Off: every public page is rendered for every request (the benchmark's "cold" runs).
PUBLIC_PAGE_CACHE = env_bool("DJANGO_PUBLIC_PAGE_CACHE", True)
