"""The few queries behind each public page: what they load, and nothing more.

Every function takes a queryset that already says which events are visible (see
`events.mixins.VisibleEventsMixin`) and adds only the columns and related rows its page shows,
so a page costs the same handful of queries however many events it lists.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch

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
# Outlets as links; their archived snapshots (whole articles) stay in the database.
LISTED_SOURCE_FIELDS = ("event", "position", "name", "url")
WHAT_HAPPENED_NEXT_LIMIT = 10


def listed_sources():
    return Prefetch("sources", queryset=Source.objects.only(*LISTED_SOURCE_FIELDS))


def for_listing(events):
    """Events with their outlets and topics: three queries for any number of events."""
    return events.only(*LISTED_EVENT_FIELDS).prefetch_related(listed_sources(), "topics")


def for_event_page(events):
    """One event with its sources (snapshots included), topics and related links.

    A related link carries `target_is_public`: only then is it shown as a link, so a link
    never leads to a 404 nor gives a draft's address away.
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
