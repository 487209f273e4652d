"""Test runs: fast hashing, a throwaway secret, the database from DATABASE_URL or SQLite."""

import atexit
import shutil
import tempfile
from pathlib import Path

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .caches import LOCAL_VERSION_ALIAS, local_caches

DEBUG = False
SECRET_KEY = get_random_secret_key()
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the app folders, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Whatever REDIS_URL says, memory caches and a content version of this run's own: two test runs
# at once must not retire each other's pages. (tests/cache_backends.py switches to Redis.)
_VERSION_DIR = Path(tempfile.mkdtemp(prefix="newsroom-test-version-"))
atexit.register(shutil.rmtree, _VERSION_DIR, ignore_errors=True)
CACHES = local_caches(_VERSION_DIR)
PUBLIC_VERSION_CACHE = LOCAL_VERSION_ALIAS
