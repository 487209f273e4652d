"""The site's routes plus a trivial Django view: what the benchmark compares every page with."""

from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    """The least a Django page can cost: full middleware stack, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial, name="bench_trivial"),
    path("", include("newsroom.urls")),
]
