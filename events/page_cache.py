"""Whole public pages, cached for anonymous readers and answered with ETags; never for staff.

`public_page(view)` wraps a public view at its URL. For a reader without a login:

- a page cached at the current public version (events.public_version) is answered from the
  cache: no database query, no template;
- otherwise the view renders it, and a plain 200 that sets no cookie is kept for the next
  reader, labelled with the version read before rendering (a page rendered while an edit
  commits is labelled with the version that edit retires);
- every such page carries an ETag (a digest of its bytes), `Cache-Control: public, no-cache`
  (browsers and CDNs may keep it but must revalidate) and `Vary: Cookie`; a matching
  If-None-Match is answered 304 straight from the cache.

A signed-in user (staff may preview drafts) gets a freshly rendered page, marked private, and
nothing rendered for them is ever stored. Telling the two apart needs no query for readers:
without a session cookie there is no login to look up.

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

from .public_version import current_version, page_cache

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
    """Cache `view`'s pages for anonymous readers; see the module's description."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not settings.PUBLIC_PAGE_CACHE or request.method not in CACHEABLE_METHODS:
            return view(request, *args, **kwargs)
        if signed_in(request):
            return private(view(request, *args, **kwargs))
        key = page_key(request)
        try:
            version, found = current_version(key)
        except CACHE_ERRORS:
            logger.warning("Page cache unreachable; rendering %s uncached", request.path)
            return view(request, *args, **kwargs)
        page = found.get(key)
        if page is not None and page.version == version:
            response = page.response()
        else:
            response = rendered(view(request, *args, **kwargs))
            if not storable(request, response):
                return response
            keep(key, version, response)
        return get_conditional_response(request, etag=response["ETag"], response=response)

    return cached_view


def signed_in(request) -> bool:
    """Looks the login up only when the request brings a session cookie."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.is_authenticated


def private(response):
    patch_cache_control(response, private=True, no_cache=True)
    return response


def page_key(request) -> str:
    """Scheme, host and query string included: pages carry absolute addresses and page numbers."""
    address = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False)
    return f"public:page:{code_release()}:{address.hexdigest()}"


def rendered(response):
    if hasattr(response, "render") and callable(response.render):
        response.render()
    return response


def storable(request, response) -> bool:
    """A plain 200 made for anyone: no cookie, no CSRF token, no session, nothing private."""
    cache_control = response.get("Cache-Control", "")
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(directive in cache_control for directive in PERSONAL_DIRECTIVES)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
    )


def keep(key: str, version: str, response) -> None:
    """Label `response` as every reader will get it from now on, and store it."""
    digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
    response.headers["ETag"] = f'"{digest}"'
    patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    page = CachedPage(version, dict(response.headers), response.content)
    try:
        page_cache().set(key, page)
    except CACHE_ERRORS:
        logger.warning("Page cache unreachable; %s not stored", key)
