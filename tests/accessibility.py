"""What the accessibility walk needs: a small archive in which every page kind has something
to show, the walk's addresses, the public routes it must cover, and axe-core's verdict on a
page in a form a failing test can print (tests/test_accessibility.py)."""

import datetime

from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from events.models import Event
from events.paths import day_path, event_path
from events.slugs import archive_slug
from sources.models.source import LinkState
from tests.factories import EventFactory, RelatedFactory, SourceFactory, event_with_details

FEB_8 = datetime.date(2012, 2, 8)
HEADLINE = "Wang Lijun, former police chief of Chongqing, goes to the U.S. Consulate."
# Older days of plain events: a month and a topic index with more to page through.
FILLER_EVENTS = 205


def a_small_archive():
    """Every part a public page can show, plus drafts and scheduled events that must not show.

    The richest event (HEADLINE) has a cover, a summary, sources with and without snapshots
    (one of them dead), topics, and related links resolved, unresolved and to a draft.
    """
    event = event_with_details(
        FEB_8,
        position=0,
        headline=HEADLINE,
        summary="A top Chinese policeman goes on leave.\n\nRumours of a bid for asylum spread.",
        topics=["Chongqing", "Wang Lijun"],
        related=0,
    )
    sources_of(event)
    later = event_with_details(
        datetime.date(2012, 9, 5),
        headline="Wang Lijun faces charges of abuse of power and defection.",
        topics=["Wang Lijun", "Bo Xilai"],
        cover_image_url="",
    )
    draft = EventFactory(
        date=datetime.date(2012, 9, 24), status=Event.Status.DRAFT, topics=["Unpublished"]
    )
    EventFactory(
        date=datetime.date(2012, 9, 25),
        status=Event.Status.SCHEDULED,
        publish_at=timezone.now() + datetime.timedelta(days=30),
        topics=["Unpublished"],
    )
    RelatedFactory(event=event, target=later, target_headline=later.headline, position=0)
    RelatedFactory(event=event, target=draft, target_headline="A draft.", position=1)
    RelatedFactory(event=event, position=2)  # an archive path not in the database
    event_with_details(FEB_8, position=1, summary="", topics=[], cover_image_url="")
    # A second event of Chongqing that day: the day grouped by story has a story to show.
    event_with_details(
        FEB_8, position=2, headline="Bo Xilai names a new police chief.", topics=["Chongqing"]
    )
    event_with_details(datetime.date(2011, 2, 8), topics=["Chongqing", "Bo Xilai"])
    on_this_day_today()
    filler_days()


def sources_of(event):
    """Beside the two plain ones: a live source with a captured snapshot, a dead one with the
    archive's."""
    SourceFactory(
        event=event,
        position=2,
        name="Reuters",
        url="https://www.reuters.com/article/china-wang",
        snapshot_title="Chongqing policeman Wang Lijun mystery deepens",
        snapshot_text="First paragraph.\n\nSecond & last paragraph <with> markup-like text.",
        snapshot_archived_at=datetime.datetime(2012, 2, 9, tzinfo=datetime.UTC),
    )
    SourceFactory(
        event=event,
        position=3,
        name="The Guardian",
        url="https://www.theguardian.com/world/2012/feb/08/wang-lijun",
        snapshot_text="The archive's copy of the article.",
        link_state=LinkState.DEAD,
    )


def on_this_day_today():
    """Events on today's day of the year (leap years, so 29 February works too)."""
    today = timezone.localdate()
    for year in (2012, 2008):
        event_with_details(
            datetime.date(year, today.month, today.day),
            headline=f"Something happened on this day in {year}.",
            topics=["Chongqing"],
        )


def filler_days():
    """Plain older events on 20 days of January 2010, written in one statement."""
    published = timezone.now() - datetime.timedelta(days=1)
    Event.objects.bulk_create(
        Event(
            date=datetime.date(2010, 1, 1) + datetime.timedelta(days=number % 20),
            position=number,
            headline=f"An older event, number {number}.",
            slug=f"an-older-event-number-{number}",
            status=Event.Status.PUBLISHED,
            publish_at=published,
        )
        for number in range(FILLER_EVENTS)
    )


def walk() -> dict[str, str]:
    """Every public page kind, by a name for its screenshot: addresses the archive fills."""
    search = reverse("events:search")
    topics = reverse("events:topics")
    return {
        "home": reverse("events:home"),
        "year": reverse("events:year", args=[2012]),
        "month": reverse("events:month", args=[2012, 2]),
        "day": day_path(FEB_8),
        "day-stories": day_path(FEB_8) + "?view=stories",
        "event": event_path(FEB_8, archive_slug(HEADLINE)),
        "on-this-day-today": reverse("events:on_this_day_today"),
        "on-this-day": "/on-this-day/02-08/",
        "topics": topics,
        "topics-filtered": topics + "?q=o&sort=events",
        "topics-letter": topics + "?letter=W",
        "topic": "/topics/chongqing/",
        "search-form": search,
        "search-results": search + "?q=Wang",
        "search-no-results": search + "?q=nothing+matches+this",
        "search-errors": search + "?date_from=2012-13-45&topic=nope",
        "outlets": reverse("sources:outlets"),
        "outlet": reverse("sources:outlet", args=["reuters.com"]),
        "bad-request": reverse("events:topics") + "?page=abc",
        "go-to-date-bad": reverse("events:go_to_date") + "?date=2012-02-30",
        "search-named-day": search + "?q=8%2F2%2F2012",
        "search-most-words": search + "?q=Wang+nothingmatchesthis",
        "search-suggestion": search + "?q=Wnag",
        "search-named-topic": search + "?q=chongqing",
        "not-found-day": "/news/2012/02/20/",
        "follow": reverse("events:follow"),
        "follow-topic": reverse("events:follow_topic", args=["chongqing"]),
        "not-found": "/no-such-page/",
        "api-docs": reverse("api:openapi-view"),
    }


# Routes the walk leaves out, each with why: none of them answers an HTML page of its own.
NOT_HTML_PAGES = {
    "sitemap.xml": "XML sitemap index",
    "sitemap-<section>.xml": "XML sitemap section",
    "robots.txt": "plain text",
    "healthz": "plain text for load balancers",
    "api/v1/openapi.json": "the API's JSON schema",
    "api/v1/events": "JSON",
    "api/v1/events/<id>": "JSON",
    "api/v1/events/withdrawn": "JSON",
    "api/v1/outlets": "JSON",
    "api/v1/outlets/<ref>": "JSON",
    "api/v1/events/<date>/<slug>": "JSON",
    "api/v1/sources/<id>/snapshot": "JSON",
    "api/v1/days": "JSON",
    "api/v1/days/<date>": "JSON",
    "api/v1/topics": "JSON",
    "api/v1/topics/<slug>": "JSON",
    "api/v1/dumps": "JSON",
    "api/v1/": "redirects to the API's documentation page",
    "api/^(?P<rest>.*)$": "JSON 404",
    "topics/<str:slug>/feed/": "Atom feed",
    "feeds/latest/": "Atom feed",
    "news/<yyyy:year>/<mm:month>/<d:day>/<md_file:name>": "redirects to a day or event page",
    "news/<yyyy:year>/<mm:month>/<dd:day>/": "redirects to the day page",
    "news/<yyyy:year>/<mm:month>/<dd:day>/<archive_slug:slug>/": "redirects to the event page",
}
NOT_PUBLIC = ("admin/",)  # the editors' pages


def public_routes(patterns=None, prefix="") -> dict[str, URLPattern]:
    """Every route outside the admin, by its full pattern (`news/<yyyy:year>/`)."""
    routes = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(NOT_PUBLIC):
            continue
        if isinstance(pattern, URLResolver):
            routes.update(public_routes(pattern.url_patterns, route))
        else:
            routes[route] = pattern
    return routes


def routes_walked(addresses) -> set[str]:
    """The routes of the walk's addresses (the 404 page has none)."""
    views = {}
    for route, pattern in public_routes().items():
        views.setdefault(pattern.callback, route)
    walked = set()
    for address in addresses:
        try:
            match = resolve(address.split("?")[0])
        except Resolver404:  # the 404 page
            continue
        walked.add(views[match.func])
    return walked


def axe_violations(page, rules=None) -> list[dict]:
    """axe-core's violations on the page as it is now: every rule of its default run (WCAG 2
    A and AA, best practices), or only the rules named."""
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    results = Axe().run(page, options=options).response
    ran = {rule["id"] for kind in ("violations", "passes", "incomplete") for rule in results[kind]}
    ran |= {rule["id"] for rule in results["inapplicable"]}
    assert "color-contrast" in ran, "axe did not check contrast: is the page empty?"
    return results["violations"]


def describe(violations, where: str) -> str:
    """One line per violation and an indented line per element: what a failing test says."""
    lines = []
    for violation in violations:
        lines.append(
            f"{where}: {violation['id']} ({violation['impact']}): {violation['help']}"
            f" {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}: {node['failureSummary'].replace(chr(10), ' ')}")
    return "\n".join(lines)
