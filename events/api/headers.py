"""The API may be read from any site: `Access-Control-Allow-Origin: *` on its responses.

The same header whatever the requesting site, never `Vary: Origin`: a shared cache keeps one
copy of each response, not one per site that asked. Only reads are open (the API has no
others); nothing is sent with credentials, so `*` is allowed by browsers.
"""

from functools import cache

from .present import api_root

OPEN_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    # What a script may read besides the simple headers: the ETag, to ask again conditionally.
    "Access-Control-Expose-Headers": "ETag",
}


@cache
def api_prefix() -> str:
    return api_root()


class OpenToOtherSitesMiddleware:
    """Before ConditionalGetMiddleware in MIDDLEWARE, so its 304s carry the headers too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and request.path.startswith(api_prefix()):
            for name, value in OPEN_HEADERS.items():
                response.headers[name] = value
        return response
