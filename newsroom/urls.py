"""Top-level routes: the editors' admin and the public archive."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from events.http_cache import keys
from events.http_cache.headers import shows
from events.public.sitemaps import SITEMAPS
from newsroom.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        shows(keys.SITEMAP)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        shows(keys.SITEMAP)(sitemap_views.sitemap),
        # Jinja2's rendering of Django's sitemap.xml: a section of 2,000 events took 376 of
        # its 722 ms in Django's template engine (profiled, 100,000 events).
        {"sitemaps": SITEMAPS, "template_name": "sitemap_section.xml"},
        name="sitemap_section",
    ),
    path(
        "robots.txt",
        shows()(TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
        name="robots",
    ),
    # No trailing slash: what load balancers probe, exempt from the HTTPS redirect as such.
    path("healthz", healthz, name="healthz"),
    # The read API: /api/v1/ (events/api/).
    path("api/", include("events.api.urls")),
    path("", include("sources.urls")),
    path("", include("events.public.urls")),
]
# Local development only (static() adds nothing unless DEBUG): the data dumps and other media.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A 404 page that helps: a search box and the nearest days with events (events.public).
handler404 = "events.public.not_found.page_not_found"
