"""Requests carrying a NUL character are refused before anything looks them up.

No address, parameter or cookie of the site can hold one, and PostgreSQL cannot even compare
text holding one (it raises DataError, a server error), where SQLite simply finds nothing.
Refused here, once, every lookup by a path, slug, parameter or session key is safe on both
databases, including lookups added later: an address is a 404, a parameter or cookie a 400.
Invalid UTF-8 needs no such care: Django keeps it percent-encoded in paths and replaces it in
parameters, so it finds nothing.
"""

from django.core.exceptions import BadRequest
from django.http import Http404

from events.api.errors import BAD_REQUEST, NOT_FOUND, error_response

NUL = "\x00"
PATH = ""  # the address itself, where a parameter would be named
API_PREFIX = "/api/"


class NullCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        at_fault = _field_holding_nul(request)
        if at_fault is None:
            return self.get_response(request)
        if request.path.startswith(API_PREFIX):
            # The read API answers every error as JSON naming the field (events.api.errors).
            return _api_refusal(request, at_fault)
        # Raised here, Django answers with the site's own 404 and 400 pages.
        if at_fault == PATH:
            raise Http404("No address holds a NUL character.")
        raise BadRequest("A parameter or cookie holds a NUL character.")


def _field_holding_nul(request) -> str | None:
    """Where the request holds a NUL: `PATH`, a parameter's or a cookie's name, or None."""
    if NUL in request.path:
        return PATH
    return _name_holding_nul(request.GET) or _name_holding_nul(request.COOKIES)


def _name_holding_nul(values) -> str | None:
    items = values.lists() if hasattr(values, "lists") else values.items()
    for name, value in items:
        texts = value if isinstance(value, list) else [value]
        if NUL in name or any(NUL in text for text in texts):
            return name.replace(NUL, "")
    return None


def _api_refusal(request, field: str):
    if field == PATH:
        return error_response(NOT_FOUND, [], 404)
    message = "must not hold a NUL character"
    return error_response(BAD_REQUEST, [{"field": field, "message": message}], 400)
