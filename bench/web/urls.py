"""The site's routes plus a trivial Django view: what the benchmark compares every page with."""

from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    """The least a Django page can cost: full middleware stack, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


# The site's own 404 page, as newsroom.urls names it (Django's default would render the site's
# template without what it shows).
handler404 = "events.public.not_found.page_not_found"

urlpatterns = [
    path("bench/trivial/", trivial, name="bench_trivial"),
    path("", include("newsroom.urls")),
]
