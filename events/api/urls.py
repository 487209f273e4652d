"""The API's routes under /api/v1/: the endpoints, the OpenAPI schema (`openapi.json`) and the
documentation page (`docs`), whose scripts and styles the site serves itself."""

from csp.decorators import csp_update
from django.urls import path, re_path
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from ..http_cache.headers import shows
from . import days, dumps, errors, events, outlets, topics
from .present import NAMESPACE

DESCRIPTION = """The news-events archive as data: every public event with its topics, sources
and related events, by day, by topic and by outlet, and downloadable dumps of the whole archive.

Read-only and open to any site (CORS). Lists are paged by cursor: follow `next` until it is
null. Unknown parameters are refused (400), and every error names the parameter at fault.

## Endpoints"""


def docs_page(view):
    """The schema and the docs show no data: kept by shared caches until the whole site is
    purged. Swagger UI's stylesheet draws its icons as `data:` images, allowed here only;
    scripts and styles still come from the site alone."""
    return shows()(csp_update({"img-src": ["data:"]})(view))


api = NinjaAPI(
    title="Newsroom API",
    version="1",
    description=DESCRIPTION,
    urls_namespace=NAMESPACE,
    docs_decorator=docs_page,
    # The bundled Swagger UI (no CDN), without the badge that would ask an outside validator,
    # and without deep links: each would be a link inside its operation's button, which
    # screen readers cannot reach (templates/ninja/swagger.html is the page around it).
    docs=Swagger(
        settings={"validatorUrl": None, "defaultModelsExpandDepth": 0, "deepLinking": False}
    ),
)
errors.install(api)
api.add_router("", events.router)
api.add_router("", days.router)
api.add_router("", topics.router)
api.add_router("", outlets.router)
api.add_router("", dumps.router)

urlpatterns = [
    path("v1/", api.urls),
    # Anything else under /api/ is a JSON 404, not the site's page.
    re_path(r"^(?P<rest>.*)$", errors.not_found_view),
]
