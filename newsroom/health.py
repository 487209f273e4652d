"""`/healthz` for load balancers: can this server reach its database and its cache?

200 with each check's result as JSON, or 503 naming what failed. Never cached, and answered
over plain HTTP too (prod settings exempt it from the HTTPS redirect): load balancers probe
servers directly. What failed is named by the kind of error only; details go to the log.
"""

import logging
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

PROBE_KEY = "healthz:probe"
PROBE_SECONDS = 10


@never_cache
@require_safe
def healthz(request):
    checks = {"database": check_database(), "cache": check_cache("default")}
    if settings.PUBLIC_VERSION_CACHE != "default":
        checks["content version"] = check_cache(settings.PUBLIC_VERSION_CACHE)
    failed = [name for name, result in checks.items() if result != "ok"]
    return JsonResponse(
        {"status": "failing: " + ", ".join(failed) if failed else "ok", "checks": checks},
        status=503 if failed else 200,
    )


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure is the answer, not a crash of the check
        return failure("database", error)
    return "ok"


def check_cache(alias: str) -> str:
    token = secrets.token_hex(8)
    try:
        cache = caches[alias]
        cache.set(PROBE_KEY, token, PROBE_SECONDS)
        if cache.get(PROBE_KEY) != token:
            return "error: a value written could not be read back"
    except Exception as error:  # as above
        return failure(f"cache {alias!r}", error)
    return "ok"


def failure(what: str, error: Exception) -> str:
    logger.error("Health check: %s failed: %s", what, error)
    return f"error: {type(error).__name__}"
