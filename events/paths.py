"""Addresses of the public pages, worked out once per process.

Profiling the day page showed reverse() to be the dearest part of its ~200 links. An address
depends only on its arguments (the URLconf does not change while the process runs), so each is
reversed once and remembered; `Event.get_absolute_url()` and these always agree. Without the
caches the uncached day page took 78 and 114 ms a request against 24 and 48 ms with them, in
turn (1998-01-20 of the 100,000-event bench database, 17 events, Django's test client in one
process, best of 5 x 100 requests, load average 18-28 on 2 cores): less than half the
throughput, more than the 20% a miss may lose.
"""

import datetime
from functools import lru_cache

from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language

REMEMBERED = 20_000  # addresses per kind: a busy archive's hot pages, a few MB at most


@lru_cache(maxsize=REMEMBERED)
def route(name: str, *args) -> str:
    """`route("events:month", 2012, 2)`: any named page, as `{% url %}` would give it."""
    return reverse(name, args=args)


@lru_cache(maxsize=REMEMBERED)
def event_path(date: datetime.date, slug: str) -> str:
    return reverse(
        "events:event",
        kwargs={"year": date.year, "month": date.month, "day": date.day, "slug": slug},
    )


@lru_cache(maxsize=REMEMBERED)
def day_path(date: datetime.date) -> str:
    return reverse("events:day", kwargs={"year": date.year, "month": date.month, "day": date.day})


@lru_cache(maxsize=REMEMBERED)
def topic_path(slug: str) -> str:
    return reverse("events:topic", kwargs={"slug": slug})


# The pages every page links to, by URL name: the header's and footer's links.
SITE_PAGES = ("home", "topics", "search", "latest_feed", "follow")


@lru_cache(maxsize=1)
def site_paths() -> dict[str, str]:
    """{"home": "/", "topics": "/topics/", ..., "sitemap": "/sitemap.xml", "stylesheet": ...}."""
    paths = {name: reverse(f"events:{name}") for name in SITE_PAGES}
    paths["sitemap"] = reverse("sitemap")
    paths["outlets"] = reverse("sources:outlets")
    paths["api"] = reverse("api:openapi-view")
    paths["stylesheet"] = static("css/site.css")
    return paths


def date_label(day: datetime.date, format_string: str) -> str:
    """The `date` filter's text for a calendar date (`j F Y`: 8 February 2012), once per date."""
    return _date_label(day, format_string, get_language())


@lru_cache(maxsize=REMEMBERED)
def _date_label(day: datetime.date, format_string: str, language: str) -> str:
    return date_format(day, format_string)
