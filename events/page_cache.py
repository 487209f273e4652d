"""Whole public pages, cached for anonymous readers and answered with ETags; never for staff.

Two parts. `public_page(view)` wraps each public view at its URL and says its page may be kept;
`PublicPageCacheMiddleware`, early in MIDDLEWARE, keeps and answers them. For a reader without
a session cookie:

- a page cached at the current public version (events.public_version) is answered by the
  middleware straight away: no database query, no URL resolving, no template, none of the
  session, CSRF, auth or message middleware;
- otherwise the request goes through as usual, and a plain 200 from a `public_page` view that
  sets no cookie is kept for the next reader, as the middleware below it left it (their
  headers included), labelled with the version read before rendering: a page rendered while
  an edit commits is labelled with the version that edit retires;
- every such page carries an ETag (a digest of its bytes), `Cache-Control: public, no-cache`
  (browsers and CDNs may keep it but must revalidate) and `Vary: Cookie`; a matching
  If-None-Match is answered 304.

A request with a session cookie is never answered from the cache nor stored: a signed-in user
(staff may preview drafts) gets a freshly rendered page, marked private. Telling readers apart
needs no query: without a session cookie there is no login to look up.

Should the cache be unreachable, pages are rendered as if there were no cache.
"""

import hashlib
import logging
from functools import wraps
from typing import NamedTuple

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from redis.exceptions import RedisError

from newsroom.release import code_release

from .public_version import PublicState, current_state, learn_schedule, page_cache

logger = logging.getLogger(__name__)

CACHEABLE_METHODS = {"GET", "HEAD"}
# A response that says this is anyone's own page (a draft preview) is never stored.
PERSONAL_DIRECTIVES = ("private", "no-store", "no-cache")
CACHE_ERRORS = (OSError, RedisError)


class CachedPage(NamedTuple):
    version: str
    headers: dict[str, str]
    content: bytes

    def response(self) -> HttpResponse:
        return HttpResponse(self.content, headers=self.headers)


def public_page(view):
    """Mark `view`'s pages for anonymous readers as cacheable; staff's as private."""

    @wraps(view)
    def public_view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if signed_in(request):
            patch_cache_control(response, private=True, no_cache=True)
        else:
            response.public_page = True
        return response

    return public_view


class PublicPageCacheMiddleware:
    """Answers readers from the page cache, and keeps what `public_page` views render."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.PUBLIC_PAGE_CACHE and is_reader(request)):
            return self.get_response(request)
        key = page_key(request)
        try:
            state = current_state(key)
        except CACHE_ERRORS:
            logger.warning("Page cache unreachable; rendering %s uncached", request.path)
            return self.get_response(request)
        page = state.pages.get(key)
        if state.schedule_known and page is not None and page.version == state.version:
            return answer(request, page.response())
        response = self.get_response(request)
        if not storable(request, response):
            return response
        keep(key, state, response)
        return answer(request, response)


def is_reader(request) -> bool:
    """A GET or HEAD with no session cookie: nobody signed in, nothing personal to show."""
    return (
        request.method in CACHEABLE_METHODS and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def signed_in(request) -> bool:
    """Looks the login up only when the request brings a session cookie."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.is_authenticated


def page_key(request) -> str:
    """Scheme, host and query string included: pages carry absolute addresses and page numbers."""
    address = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False)
    return f"public:page:{code_release()}:{address.hexdigest()}"


def storable(request, response) -> bool:
    """A plain 200 from a public view, made for anyone: no cookie, no CSRF token, not private."""
    cache_control = response.get("Cache-Control", "")
    return (
        getattr(response, "public_page", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(directive in cache_control for directive in PERSONAL_DIRECTIVES)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def keep(key: str, state: PublicState, response) -> None:
    """Label `response` as every reader will get it from now on, and store it."""
    digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
    response.headers["ETag"] = f'"{digest}"'
    patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    page = CachedPage(state.version, dict(response.headers), response.content)
    try:
        if not state.schedule_known:
            learn_schedule(state)
        page_cache().set(key, page)
    except CACHE_ERRORS:
        logger.warning("Page cache unreachable; %s not stored", key)


def answer(request, response):
    """The page, or a 304 when the reader already holds it."""
    return get_conditional_response(request, etag=response["ETag"], response=response)
