"""The sitemap: every public event and every day page, each with when it last changed."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from ..models import Event
from ..paths import day_path, event_path
from .queries.sitemap_pages import PublicDays, PublicEvents

# Small sections keep each sitemap response quick on a large archive, and under 1 MB: an
# entry takes at most some 400 bytes (a 255-character slug), 2,000 of them some 800 KB.
URLS_PER_SECTION = 2000


class PublicSitemap(Sitemap):
    limit = URLS_PER_SECTION

    def get_latest_lastmod(self):
        return Event.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class EventSitemap(PublicSitemap):
    def items(self):
        return PublicEvents()

    def location(self, event):
        return event_path(event.date, event.slug)

    def lastmod(self, event):
        return event.updated_at


class DaySitemap(PublicSitemap):
    """One entry per day page; a day changes when any of its events does."""

    def items(self):
        return PublicDays()

    def location(self, day):
        return day_path(day.date)

    def lastmod(self, day):
        return day.lastmod


SITEMAPS = {"events": EventSitemap, "days": DaySitemap}
