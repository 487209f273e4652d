"""Every error as JSON: `{"detail": ..., "errors": [{"field": ..., "message": ...}]}`.

A bad parameter is a 400 naming it (neither django-ninja nor pydantic refuse unknown ones, see
`params`), a missing event or topic a 404: the same shape, so a client reads one kind of error.
"""

from django.http import Http404, JsonResponse
from ninja.errors import ValidationError

BAD_REQUEST = "Invalid request"
NOT_FOUND = "Not found"


class BadParameter(Exception):
    """A parameter that is well-formed but makes no sense (a range backwards, a stale cursor)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def error_response(detail: str, errors: list[dict], status: int) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": errors}, status=status)


def field_of(location) -> str:
    """`("query", "topic", 0)` -> "topic": the parameter, without where it came from."""
    names = [str(part) for part in location[1:2]] or [str(part) for part in location]
    return ".".join(names) or "request"


def install(api) -> None:
    """Answer ninja's own errors in the API's shape."""

    @api.exception_handler(ValidationError)
    def invalid(request, error):
        errors = [{"field": field_of(e["loc"]), "message": e["msg"]} for e in error.errors]
        return error_response(BAD_REQUEST, errors, 400)

    @api.exception_handler(BadParameter)
    def bad_parameter(request, error):
        return error_response(BAD_REQUEST, [{"field": error.field, "message": error.message}], 400)

    @api.exception_handler(Http404)
    def not_found(request, error):
        return error_response(NOT_FOUND, [], 404)


def not_found_view(request, rest=""):
    """Addresses under /api/ that name no endpoint: a JSON 404 rather than the site's page."""
    return error_response(NOT_FOUND, [], 404)
