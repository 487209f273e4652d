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

NUL = "\x00"


class NullCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Raised here, Django answers with the site's own 404 and 400 pages.
        if NUL in request.path:
            raise Http404("No address holds a NUL character.")
        if _holds_nul(request.GET) or _holds_nul(request.COOKIES):
            raise BadRequest("A parameter or cookie holds a NUL character.")
        return self.get_response(request)


def _holds_nul(values) -> bool:
    items = values.lists() if hasattr(values, "lists") else values.items()
    for name, value in items:
        texts = value if isinstance(value, list) else [value]
        if NUL in name or any(NUL in text for text in texts):
            return True
    return False
