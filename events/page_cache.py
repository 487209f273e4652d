"""Whole public pages, cached for anonymous readers and answered with ETags; never for staff.

Two parts. `public_page(view)` wraps each public view at its URL and says its page may be kept;
`PublicPageCacheMiddleware`, first in MIDDLEWARE, keeps and answers them. For a reader without
a session cookie:

- a page cached at the current public version (events.public_version) is answered by the
  middleware straight away: no database query, no view, no template, no other middleware,
  and normally no round trip to Redis either: the version is this process's copy, kept
  current by Redis's notices (events.version_watch), and the page one of its copies (else
  it comes from the shared cache);
- otherwise the request goes through as usual, and a plain 200 from a `public_page` view that
  sets no cookie is kept for the next reader, as the middleware below it left it (their
  headers, security headers and policy included), labelled with the version read before
  rendering: a page rendered while an edit commits is labelled with the version that edit
  retires;
- every such page carries an ETag (a digest of its bytes), `Cache-Control: public, no-cache`
  (browsers and CDNs may keep it but must revalidate) and `Vary: Cookie`; a matching
  If-None-Match is answered 304.

A request with a session cookie is never answered from the cache nor stored: a signed-in user
(staff may preview drafts) gets a freshly rendered page, marked private. Telling readers apart
needs no query: without a session cookie there is no login to look up.

Should the cache be unreachable, pages are rendered as if there were no cache.

Under gunicorn (newsroom.wsgi), `CachedPageFront` answers the hits even before Django's request
handling starts; the middleware still answers them wherever the front is not in place (the
development server, the test client).
"""

import hashlib
import logging
import threading
from collections import OrderedDict
from functools import lru_cache, wraps
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest, get_str_from_wsgi
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified
from django.http.cookie import parse_cookie
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

from newsroom.release import code_release

from .public_version import (
    CACHE_ERRORS,
    PublicState,
    current_state,
    learn_schedule,
    page_cache,
)

logger = logging.getLogger(__name__)

CACHEABLE_METHODS = {"GET", "HEAD"}
# A response that says this is anyone's own page (a draft preview) is never stored.
PERSONAL_DIRECTIVES = ("private", "no-store", "no-cache")
# What a 304 repeats of the page it stands for (RFC 9110, 15.4.5).
REVALIDATION_HEADERS = ("ETag", "Cache-Control", "Vary", "Last-Modified", "Expires")
# Requests that need Django's full precondition rules (RFC 9110, 13.2.2).
PRECONDITIONS = {"HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE"}
RESOLVED_PATHS = 4096
OK, NOT_MODIFIED = "200 OK", "304 Not Modified"
# Copies of the pages this process fetched or rendered last (about 10-30 MB): they save
# fetching and unpickling a page from Redis; the version is still read for every request.
LOCAL_PAGE_COPIES = 500


class CachedPage(NamedTuple):
    version: str
    headers: dict[str, str]
    content: bytes

    def response(self) -> HttpResponse:
        return HttpResponse(self.content, headers=self.headers)

    @property
    def etag(self) -> str:
        return self.headers["ETag"]

    @property
    def header_list(self) -> list[tuple[str, str]]:
        return list(self.headers.items())

    @property
    def revalidation_headers(self) -> list[tuple[str, str]]:
        return [(name, self.headers[name]) for name in REVALIDATION_HEADERS if name in self.headers]


LOCAL_PAGES: OrderedDict[str, CachedPage] = OrderedDict()
LOCAL_PAGES_LOCK = threading.Lock()


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

    public_view.public_page = True  # what the middleware looks for at the URL
    return public_view


class PublicPageCacheMiddleware:
    """Answers readers from the page cache, and keeps what `public_page` views render."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.PUBLIC_PAGE_CACHE and is_reader(request) and is_public_page(request)):
            return self.get_response(request)
        key = page_key(request)
        try:
            state, page = look_up(key)
        except CACHE_ERRORS:
            logger.warning("Page cache unreachable; rendering %s uncached", request.path)
            return self.get_response(request)
        if state.schedule_known and page is not None:
            return answer_cached(request, page)
        response = self.get_response(request)
        if not storable(request, response):
            return response
        keep(key, state, response)
        return answer(request, response)


def look_up(key: str) -> tuple[PublicState, CachedPage | None]:
    """The state, and the page if it is valid at the current version.

    A copy of each page this process served lately is kept in its memory, so a page is
    normally answered after one small read of the version; the shared copy is fetched when
    this process has none of the current version.
    """
    local = LOCAL_PAGES.get(key)
    state = current_state() if local is not None else current_state(key)
    if local is not None and local.version == state.version:
        return state, local
    page = state.pages.get(key) if local is None else page_cache().get(key)
    if page is None or page.version != state.version:
        return state, None
    remember(key, page)
    return state, page


def remember(key: str, page: CachedPage) -> None:
    with LOCAL_PAGES_LOCK:  # threaded servers (runserver, gthread) share the copies
        LOCAL_PAGES[key] = page
        LOCAL_PAGES.move_to_end(key)
        while len(LOCAL_PAGES) > LOCAL_PAGE_COPIES:
            LOCAL_PAGES.popitem(last=False)


def forget_local_pages() -> None:
    with LOCAL_PAGES_LOCK:
        LOCAL_PAGES.clear()


def is_reader(request) -> bool:
    return reads_as_reader(request.method, request.COOKIES)


def reads_as_reader(method: str, cookies) -> bool:
    """A GET or HEAD with no session cookie: nobody signed in, nothing personal to show."""
    return method in CACHEABLE_METHODS and settings.SESSION_COOKIE_NAME not in cookies


def is_public_page(request) -> bool:
    """Whether the address leads to a `public_page` view.

    Only those are looked up in the cache: search, the admin and missing pages cost no round
    trip to it.
    """
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    return leads_to_public_page(urlconf, request.path_info)


@lru_cache(maxsize=RESOLVED_PATHS)
def leads_to_public_page(urlconf: str, path: str) -> bool:
    # Remembered per address: resolving one costs about a fifth of answering it from the cache.
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return getattr(match.func, "public_page", False)


def signed_in(request) -> bool:
    """Looks the login up only when the request brings a session cookie."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.is_authenticated


def page_key(request) -> str:
    """Scheme, host and query string included: pages carry absolute addresses and page numbers."""
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    address = hashlib.md5(url.encode(), usedforsecurity=False)
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
        remember(key, page)
    except CACHE_ERRORS:
        logger.warning("Page cache unreachable; %s not stored", key)


def answer(request, response):
    """The page, or a 304 when the reader already holds it."""
    return get_conditional_response(request, etag=response["ETag"], response=response)


def answer_cached(request, page: CachedPage):
    """As `answer`, straight to the point for the common revalidation: If-None-Match alone."""
    meta = request.META
    if "HTTP_IF_NONE_MATCH" not in meta or PRECONDITIONS.intersection(meta):
        return answer(request, page.response())
    if not holds(meta["HTTP_IF_NONE_MATCH"], page.headers["ETag"]):
        return page.response()
    return HttpResponseNotModified(headers=dict(page.revalidation_headers))


def holds(if_none_match: str, etag: str) -> bool:
    """Whether the reader's copy is this page: If-None-Match compares tags weakly."""
    tags = parse_etags(if_none_match)
    return "*" in tags or etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in tags}


class CachedPageFront:
    """WSGI, in front of Django: a reader's request for a cached page is answered before
    Django's handler runs (no request signals, no middleware, no response object), as
    whitenoise answers static files. Anything else goes on to Django, where
    `PublicPageCacheMiddleware` renders the page and keeps it, or answers what needs Django's
    full precondition rules. The two share every rule: a hit here is exactly a hit there.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        answer = cached_answer(environ) if settings.PUBLIC_PAGE_CACHE else None
        if answer is None:
            return self.application(environ, start_response)
        status, headers, content = answer
        start_response(status, headers)
        # A HEAD gets the headers of a GET (Content-Length included) without the body.
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [content]


def cached_answer(environ) -> tuple[str, list, bytes] | None:
    """(status, headers, body) of the cached page or its 304, or None: Django answers then."""
    if PRECONDITIONS.intersection(environ) or not reader_environ(environ):
        return None
    try:
        key = front_page_key(environ)
        if key is None:
            return None
        state, page = look_up(key)
    except DisallowedHost:
        return None  # Django answers it, with its 400
    except CACHE_ERRORS:
        return None  # logged by the middleware when it tries again
    if page is None or not state.schedule_known:
        return None
    if "HTTP_IF_NONE_MATCH" in environ and holds(environ["HTTP_IF_NONE_MATCH"], page.etag):
        return NOT_MODIFIED, page.revalidation_headers, b""
    return OK, page.header_list, page.content


def reader_environ(environ) -> bool:
    """`is_reader`, read straight from the WSGI environ."""
    cookies = get_str_from_wsgi(environ, "HTTP_COOKIE", "")
    return reads_as_reader(environ["REQUEST_METHOD"], parse_cookie(cookies) if cookies else {})


# The environ entries a page's key is made of: the scheme, host and full path as Django reads
# them (HttpRequest.scheme, get_host, get_full_path), proxies' headers included.
ADDRESS_ENVIRON = (
    "wsgi.url_scheme",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "SCRIPT_URL",
    "REDIRECT_URL",
    "PATH_INFO",
    "QUERY_STRING",
)
PAGE_KEYS: OrderedDict[tuple, str | None] = OrderedDict()
PAGE_KEYS_LOCK = threading.Lock()


def front_page_key(environ) -> str | None:
    """`page_key` of a public page's request, None for any other address.

    Remembered per address: building Django's request, checking the host and resolving the
    path cost more than the rest of answering from the cache. Worked out by the same functions
    the middleware uses, so the key is always the one it stored the page under. A host Django
    refuses raises DisallowedHost every time, never remembered.
    """
    address = (*map(environ.get, ADDRESS_ENVIRON), *map(environ.get, proxy_ssl_header()))
    try:
        return PAGE_KEYS[address]
    except KeyError:
        pass
    # A copy: WSGIRequest decodes the path in place, and Django must get the environ as it came.
    request = WSGIRequest(environ.copy())
    key = page_key(request) if is_public_page(request) else None
    with PAGE_KEYS_LOCK:
        PAGE_KEYS[address] = key
        while len(PAGE_KEYS) > RESOLVED_PATHS:
            PAGE_KEYS.popitem(last=False)
    return key


@lru_cache(maxsize=1)
def proxy_ssl_header() -> tuple[str, ...]:
    """The header that tells the scheme behind a proxy (SECURE_PROXY_SSL_HEADER), if any."""
    header = settings.SECURE_PROXY_SSL_HEADER
    return (header[0],) if header else ()


@receiver(setting_changed)
def forget_addresses(**kwargs) -> None:
    """Hosts, proxies and URLs are settings: what was worked out from them goes with them."""
    with PAGE_KEYS_LOCK:
        PAGE_KEYS.clear()
    proxy_ssl_header.cache_clear()
    leads_to_public_page.cache_clear()
