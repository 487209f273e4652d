"""How shared caches may keep each response: `Cache-Control` and the `xkey` surrogate keys.

Views say what a page shows with `tell(request, keys)` (see `keys`); this middleware, first in
MIDDLEWARE so it sees every response, turns that into headers:

- a public page (GET or HEAD, 200 or 304, its keys told, no cookie set): shared caches may keep
  it for `NEWSROOM_SHARED_MAX_AGE` seconds, never past the next scheduled publish time, and
  serve it a little stale while they fetch it again; browsers revalidate every time;
- a 404 or a 400, and a redirect: the same, with the keys that purge them when an address
  starts to work or a redirect changes;
- anything else, or a response that is anyone's own (signed in, a draft preview, a cookie
  set): never kept by a shared cache.

Every kept response carries `site`, so everything can be purged at once. Django's
ConditionalGetMiddleware, right after this one, gives each page its ETag and answers 304s.
"""

import datetime
from functools import wraps

from django.conf import settings
from django.utils import timezone
from django.utils.cache import patch_cache_control

from events.sql import as_datetime, fetch, next_publish_time

from . import keys

SURROGATE_KEY_HEADER = "xkey"
READ_METHODS = {"GET", "HEAD"}
KEPT_STATUSES = {200, 304}
REDIRECT_STATUSES = {301, 302, 307, 308}
# Statuses whose answer depends only on what is published: kept until a write purges them.
NOT_FOUND_STATUSES = {400, 404, 410}
# What a 404 or 400 says may change without a purge reaching it (a page number past the end).
NOT_FOUND_MAX_AGE = 300
# A page whose keys would not fit a header: no write can purge it by name.
UNNAMED_MAX_AGE = 300
OWN_DIRECTIVES = ("private", "no-store", "no-cache")


def tell(request, page_keys) -> None:
    """Say what the response to `request` shows: it may then be kept by shared caches."""
    told = getattr(request, "surrogate_keys", None)
    if told is None:
        told = request.surrogate_keys = []
    told.extend(page_keys)


def keep_until(request, moment: datetime.datetime) -> None:
    """The response to `request` changes at `moment` without a write (a page showing today's
    date): shared caches may keep it until then and no longer."""
    request.shared_until = moment


def next_publish_known(request, moment: datetime.datetime | None, *, now) -> None:
    """The page's own statement found when the next scheduled event goes public (None: none
    is scheduled), as of `now`: the lifetime cap then costs no query of its own."""
    request.next_publish = (moment, now)


def next_midnight() -> datetime.datetime:
    """The start of tomorrow in the site's time zone: when a page showing today's date (the
    home's "On this day", today's on-this-day page) must change."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))


def shows(*page_keys: str):
    """`shows(keys.FEEDS)(view)`: a view whose pages show `page_keys` (and what every page
    shows: the site)."""

    def decorate(view):
        @wraps(view)
        def view_that_tells(request, *args, **kwargs):
            tell(request, page_keys)
            return view(request, *args, **kwargs)

        return view_that_tells

    return decorate


class SharedCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page_keys = getattr(request, "surrogate_keys", None)
        if page_keys is None and "Cache-Control" in response and not response.cookies:
            return response  # decided where it was made: static files, the admin, /healthz
        if request.method not in READ_METHODS or _is_own(request, response):
            _keep_private(response)
            return response
        if response.status_code in KEPT_STATUSES and page_keys is not None:
            keep_shared(response, page_keys, _shared_max_age(request), request=request)
        elif response.status_code in NOT_FOUND_STATUSES:
            keep_shared(response, [keys.NOT_FOUND], NOT_FOUND_MAX_AGE, request=request)
        elif response.status_code in REDIRECT_STATUSES:
            # Where an address leads does not wait for a scheduled event: no cap, no query.
            keep_shared(response, [keys.REDIRECTS], settings.NEWSROOM_SHARED_MAX_AGE, capped=False)
        else:
            _keep_private(response)
        return response


def keep_shared(response, page_keys, max_age: int, *, capped: bool = True, request=None) -> None:
    if capped:
        max_age = min(max_age, _seconds_until_next_publish(request))
    page_keys = keys.within_header(list(dict.fromkeys([keys.SITE, *page_keys])))
    if page_keys is None:
        # Too many things shown to name them all: purged with everything, and kept briefly.
        page_keys, max_age = [keys.SITE], min(max_age, UNNAMED_MAX_AGE)
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=max_age,
        stale_while_revalidate=settings.NEWSROOM_STALE_WHILE_REVALIDATE,
    )
    response.headers[SURROGATE_KEY_HEADER] = " ".join(page_keys)


def _shared_max_age(request) -> int:
    until = getattr(request, "shared_until", None)
    if until is None:
        return settings.NEWSROOM_SHARED_MAX_AGE
    left = int((until - timezone.now()).total_seconds())
    return max(0, min(settings.NEWSROOM_SHARED_MAX_AGE, left))


def _is_own(request, response) -> bool:
    """A response for one reader only: a cookie set, marked private, or a signed-in reader."""
    cache_control = response.get("Cache-Control", "")
    return (
        bool(response.cookies)
        or any(directive in cache_control for directive in OWN_DIRECTIVES)
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    )


def _keep_private(response) -> None:
    """Only the reader's own browser may keep it, and must ask again before using it."""
    patch_cache_control(response, private=True, no_cache=True)


def _seconds_until_next_publish(request) -> int:
    told = getattr(request, "next_publish", None)
    if told is None:
        return seconds_until_next_publish()
    first, now = told
    return _seconds_until(first, now)


def seconds_until_next_publish(now: datetime.datetime | None = None) -> int:
    """A scheduled event goes public without a write: no page may be kept past that moment.
    The day page asks the same in its own statement; both use the one definition."""
    now = now or timezone.now()
    # One small statement: as a queryset it cost 0.23 ms a page to build against 0.04 ms to
    # run, on every public page but the day page (100,000-event bench database).
    first_time, params = next_publish_time(now)
    first = as_datetime(fetch(f"SELECT {first_time}", params)[0][0])
    return _seconds_until(first, now)


def _seconds_until(first: datetime.datetime | None, now: datetime.datetime) -> int:
    if first is None:
        return settings.NEWSROOM_SHARED_MAX_AGE
    return max(0, int((first - now).total_seconds()))
