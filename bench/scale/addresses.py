"""The addresses `make bench-scale` times, picked from the database served: every public
page kind, search from a rare word to the broadest queries, every API endpoint and every
admin page. (name, path, whether it needs a staff login), in a stable order, so runs on
different sizes and databases line up."""

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Max, Min
from django.urls import reverse

from bench.web.pages import ABSENT_WORD, transposed
from events.models import Event, TaggedEvent, Topic
from events.public.sitemaps import URLS_PER_SECTION
from sources.models import Outlet


def _word_of(headline: str, rank: int) -> str:
    """A word of the headline, longest first (generated headlines' long words are rare)."""
    words = sorted({w.strip(".,()").lower() for w in headline.split() if w.isalpha()}, key=len)
    return words[-1 - rank]


def _sections(entries: int) -> int:
    return max(1, -(-entries // URLS_PER_SECTION))


def _days(events) -> int:
    return events.order_by().values("date").distinct().count()


def public_addresses() -> list[tuple[str, str, bool]]:
    public = Event.objects.published()
    bounds = public.aggregate(first=Min("date"), last=Max("date"))
    middle = bounds["first"] + (bounds["last"] - bounds["first"]) / 2
    event = public.filter(date__gte=middle).order_by("date", "position").first()
    day = event.date
    big = TaggedEvent.objects.values("tag").annotate(n=Count("pk")).order_by("-n").first()["tag"]
    topic = Topic.objects.get(pk=big)
    outlet = Outlet.objects.filter(merged_into=None).order_by("pk").first()
    date = {"year": day.year, "month": day.month, "day": day.day}
    found = [
        ("home", reverse("events:home")),
        ("year", reverse("events:year", kwargs={"year": day.year})),
        ("month", reverse("events:month", kwargs={"year": day.year, "month": day.month})),
        ("day", reverse("events:day", kwargs=date)),
        ("event", event.get_absolute_url()),
        ("on this day", reverse("events:on_this_day_today")),
        ("topics by name", reverse("events:topics")),
        ("topics by events", reverse("events:topics") + "?sort=events"),
        ("topics by events, page 2", reverse("events:topics") + "?sort=events&page=2"),
        ("big topic", topic.get_absolute_url()),
        ("big topic feed", reverse("events:topic_feed", kwargs={"slug": topic.slug})),
        ("outlets", reverse("sources:outlets")),
        ("outlet", reverse("sources:outlet", kwargs={"domain": outlet.domain})),
        ("latest feed", reverse("events:latest_feed")),
        ("sitemap", "/sitemap.xml"),
        ("sitemap events", "/sitemap-events.xml"),
        ("sitemap days", "/sitemap-days.xml"),
        # The last sections, where an offset over every public event before them cost most.
        ("sitemap events, last", f"/sitemap-events.xml?p={_sections(public.count())}"),
        ("sitemap days, last", f"/sitemap-days.xml?p={_sections(_days(public))}"),
    ]
    search = reverse("events:search") + "?"
    rare, other = _word_of(event.headline, 0), _word_of(event.headline, 1)
    queries = [
        ("rare word", {"q": rare}),
        ("common word", {"q": "flood"}),
        ("commonest word", {"q": "the"}),
        ("two words", {"q": f"{rare} {other}"}),
        # The forgiving search's two answers, as `make bench-web` times them: "Did you mean"
        # for a misspelt word, and the events with most of the words when none has all.
        ("misspelt word, a suggestion", {"q": f"{transposed(rare)} {other}"}),
        ("most of the words", {"q": f"{rare} {other} {ABSENT_WORD}"}),
        ("phrase", {"q": f'"{other} {rare}"'}),
        # Two common words seldom side by side: what checking a phrase on every event holding
        # its words costs (events.models.search_phrases).
        ("phrase of common words", {"q": '"government flood"'}),
        ("t*", {"q": "t*"}),
        ("or-chain of prefixes", {"q": "b* or c* or d* or f* or g* or h*"}),
        ("deep page", {"q": "the", "page": "4000"}),
        ("sort=date", {"q": "the", "sort": "date"}),
        ("outlet filter", {"q": "the", "outlet": outlet.domain}),
        ("topic filter", {"q": "flood", "topic": topic.slug}),
    ]
    found += [(f"search: {name}", search + urlencode(query)) for name, query in queries]
    api = [
        ("events", reverse("api:events") + "?limit=50"),
        (
            "events by date range",
            reverse("api:events")
            + "?"
            + urlencode(
                {"date_from": day - datetime.timedelta(days=7), "date_to": day, "limit": 50}
            ),
        ),
        ("events by topic", reverse("api:events") + "?" + urlencode({"topic": topic.slug})),
        ("events updated", reverse("api:events") + "?ordering=updated"),
        ("withdrawn", reverse("api:withdrawn") + "?since=2000-01-01T00:00:00Z"),
        ("event", reverse("api:event", kwargs={"id": event.pk})),
        ("event at", reverse("api:event_at", kwargs={"date": day, "slug": event.slug})),
        ("days", reverse("api:days")),
        ("day", reverse("api:day", kwargs={"date": day})),
        ("topics", reverse("api:topics")),
        ("topic", reverse("api:topic", kwargs={"slug": topic.slug})),
        ("outlets", reverse("api:outlets")),
        ("outlet", reverse("api:outlet", kwargs={"ref": outlet.domain})),
        ("dumps", reverse("api:dumps")),
    ]
    found += [(f"api: {name}", path) for name, path in api]
    return [(name, path, False) for name, path in found]


def admin_addresses() -> list[tuple[str, str, bool]]:
    changelist = reverse("admin:events_event_changelist")
    event = Event.objects.order_by("pk").first()
    topic = TaggedEvent.objects.order_by("pk").values_list("tag__slug", flat=True).first()
    found = [
        ("desk", reverse("admin:index")),
        ("events", changelist),
        ("events search", changelist + "?q=flood"),
        ("events drafts", changelist + "?status__exact=draft"),
        ("events published", changelist + "?status__exact=published"),
        ("events by topic", changelist + "?" + urlencode({"topic": topic})),
        ("events without sources", changelist + "?sources=none"),
        ("events all sources lost", changelist + "?sources=lost"),
        ("events unresolved links", changelist + "?links=unresolved"),
        ("events edited by me", changelist + "?edited_by=1"),
        ("event change page", reverse("admin:events_event_change", args=[event.pk])),
        ("duplicates report", reverse("admin:events_event_duplicates")),
        ("topics", reverse("admin:events_topic_changelist")),
        ("topics autocomplete", reverse("admin:events_topic_autocomplete") + "?term=top"),
        ("outlets", reverse("admin:sources_outlet_changelist")),
        ("sources", reverse("admin:sources_source_changelist")),
        ("sources search", reverse("admin:sources_source_changelist") + "?q=bbc"),
    ]
    return [(f"admin: {name}", path, True) for name, path in found]


def addresses() -> list[tuple[str, str, bool]]:
    return public_addresses() + admin_addresses()
