"""The few queries behind each public page: what they load, and nothing more.

Every function takes a queryset that already says which events are visible (see
`events.mixins.VisibleEventsMixin`) and adds only the columns and related rows its page shows,
so a page costs the same handful of queries however many events it lists.
"""

from collections import defaultdict
from typing import NamedTuple

from django.db.models import CharField, Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Cast, Substr

from sources.models import Source

from .models import Event, Related, TaggedEvent, Topic

# Columns an event listing shows (day, topic, search pages); summaries and covers included.
LISTED_EVENT_FIELDS = (
    "date",
    "position",
    "headline",
    "summary",
    "slug",
    "cover_image_url",
)
WHAT_HAPPENED_NEXT_LIMIT = 10


class Outlet(NamedTuple):
    """A source as a listing shows it: the outlet's name linking out."""

    name: str
    url: str


class TopicLink(NamedTuple):
    name: str
    slug: str


def for_listing(events):
    """The columns an event listing shows; `with_outlets_and_topics` adds the rest."""
    return events.only(*LISTED_EVENT_FIELDS)


def with_outlets_and_topics(events):
    """Evaluate `events` and give each its `listed_outlets` and `listed_topics`: two more queries.

    Rows come as plain tuples grouped in Python rather than through prefetch_related: profiling
    the day page showed Django building a queryset per event and a model per topic, which cost
    more than the queries themselves. Snapshots (whole articles) stay in the database.
    """
    events = list(events)
    ids = [event.pk for event in events]
    outlets = defaultdict(list)
    topics = defaultdict(list)
    if ids:
        sources = Source.objects.filter(event__in=ids).order_by("event", "position", "pk")
        for event_id, name, url in sources.values_list("event", "name", "url"):
            outlets[event_id].append(Outlet(name, url))
        tagged = TaggedEvent.objects.filter(content_object__in=ids).order_by("tag__name", "tag")
        for event_id, name, slug in tagged.values_list("content_object", "tag__name", "tag__slug"):
            topics[event_id].append(TopicLink(name, slug))
    for event in events:
        event.listed_outlets = outlets[event.pk]
        event.listed_topics = topics[event.pk]
    return events


def for_event_page(events):
    """One event with its sources (snapshots included), topics and related links.

    A related link carries `target_is_public`: only then is it shown as a link, so a link
    never leads to a 404 nor gives a draft's address away. A link to an event the public may
    not see is left out altogether: its headline is the draft's own (the admin copies it).
    """
    public_target = Event.objects.published().filter(pk=OuterRef("target"))
    related = (
        Related.objects.select_related("target")
        .only(
            "event",
            "position",
            "target_path",
            "target_headline",
            "context",
            "target__date",
            "target__slug",
        )
        .annotate(target_is_public=Exists(public_target))
        .filter(Q(target__isnull=True) | Q(target_is_public=True))
    )
    return events.prefetch_related("sources", "topics", Prefetch("related_links", queryset=related))


def what_happened_next(event: Event, limit: int = WHAT_HAPPENED_NEXT_LIMIT):
    """Later published events sharing a topic with `event`, oldest first, in one query."""
    topic_ids = [topic.pk for topic in event.topics.all()]
    if not topic_ids:
        return []
    sharing = TaggedEvent.objects.filter(tag_id__in=topic_ids).values("content_object_id")
    return list(
        Event.objects.published()
        .filter(date__gt=event.date, pk__in=sharing)
        .only("date", "slug", "headline")
        .order_by("date", "position", "pk")[:limit]
    )


def days_with_counts(events):
    """(date, number of events) per day that has events, newest first: a pageable query."""
    return events.order_by().values("date").annotate(count=Count("pk")).order_by("-date")


def years_with_events(events) -> list[int]:
    """The years that have events, newest first.

    From the ISO date's first four characters: QuerySet.dates() truncates with a function
    that SQLite runs in Python for every row, ten times slower on a large archive.
    """
    year = Substr(Cast("date", output_field=CharField()), 1, 4)
    found = events.order_by().annotate(year=year).values_list("year", flat=True).distinct()
    return sorted((int(value) for value in found), reverse=True)


def events_on_days(events, days):
    """The headlines of the given days, grouped by day, in each day's order: one query."""
    rows = events.filter(date__in=days).only("date", "slug", "headline").order_by("position", "pk")
    by_day = {day: [] for day in days}
    for event in rows:
        by_day[event.date].append(event)
    return by_day


def topics_with_counts(events):
    """Topics that have visible events, each with how many, alphabetically."""
    return (
        Topic.objects.filter(tagged_events__content_object__in=events)
        .annotate(count=Count("tagged_events"))
        .only("name", "slug")
        .order_by("name", "pk")
    )
