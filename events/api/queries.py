"""What the API reads: always from `Event.objects.published()`, exactly what the pages show.

A list costs the same few statements however long its page: the events, then their sources
and topics in one statement (events.public.queries.listing).
"""

import datetime

from django.db.models import Count, Exists, Max, OuterRef, Subquery
from django.db.models.lookups import GreaterThanOrEqual

from ..models import (
    PUBLISHED_COLUMNS,
    Event,
    GivenTopic,
    Related,
    TaggedEvent,
    Topic,
    Withdrawal,
    is_public,
)
from ..models.event import LAST_CHANGE
from ..models.topic_counts import not_yet_public, public_counts, shown_topics
from ..periods import neighbours
from ..public.queries.listing import along_dates, on_many, with_outlets_and_topics
from ..public.queries.outlets import cites
from ..public.search import search_events
from . import cursors
from .cursors import Ordering

# What the API shows of an event (never its import bookkeeping nor its status).
EVENT_COLUMNS = PUBLISHED_COLUMNS

EVENT_ORDERINGS = {
    "date": Ordering("date", (("date", False), ("position", False), ("id", False))),
    "-date": Ordering("-date", (("date", True), ("position", False), ("id", False))),
    "updated": Ordering("updated", (("last_change", False), ("id", False))),
    "-updated": Ordering("-updated", (("last_change", True), ("id", True))),
}
# How each key field is read back from a cursor.
KEY_TYPES = {
    "date": cursors.iso_date,
    "position": cursors.whole_number,
    "last_change": cursors.iso_moment,
    "withdrawn_at": cursors.iso_moment,
    "id": cursors.whole_number,
    "name": cursors.text,
    "domain": cursors.text,
}
WITHDRAWAL_ORDERING = Ordering("withdrawn", (("withdrawn_at", False), ("id", False)))
DAY_ORDERING = Ordering("date", (("date", False),))
TOPIC_ORDERING = Ordering("name", (("name", False),))


def listed(events):
    """Events as the API shows them: their published columns, the last change they are
    ordered by (`LAST_CHANGE`), and when events they show went public (`changed_at`)."""
    return events.only(*EVENT_COLUMNS).annotate(
        last_change=LAST_CHANGE, **_went_public(Related, "event", "target"), **_gave_topics()
    )


def _went_public(model, event: str, other: str) -> dict:
    """When the latest public event another `model` row of the event shows went public."""
    rows = model.objects.filter(**{event: OuterRef("pk")}).filter(is_public(f"{other}__"))
    latest = rows.order_by().values(event).annotate(at=Max(f"{other}__publish_at")).values("at")
    return {f"{model._meta.model_name}_went_public": Subquery(latest)}


def _gave_topics() -> dict:
    return _went_public(GivenTopic, "event", "given_by")


def changed_at(event) -> datetime.datetime:
    """When the event's answer last changed: its last write, its publish time, or when an
    event it links to, or one giving it a topic, went public (a scheduled one falling due
    changes it with no write). Listed events come ordered by their last write alone, an
    index's order: an event changed by another's falling due is listed from then on by
    `updated_since` (`changed_by_events_due_since`)."""
    moments = (event.last_change, event.related_went_public, event.giventopic_went_public)
    return max(moment for moment in moments if moment is not None)


def page(rows, ordering: Ordering, cursor: str | None, limit: int):
    """(this page's rows, the next page's cursor or None): one statement."""
    if cursor:
        types = tuple(KEY_TYPES[field] for field, _ in ordering.key)
        rows = rows.filter(ordering.after(ordering.read(cursor, types)))
    found = list(rows.order_by(*ordering.order_by())[: limit + 1])
    following = ordering.cursor_of(found[limit - 1]) if len(found) > limit else None
    return found[:limit], following


def filtered_events(filters):
    """The public events that pass every filter given."""
    events = Event.objects.published()
    if filters.date:
        events = events.filter(date=filters.date)
    if filters.date_from:
        events = events.filter(date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(date__lte=filters.date_to)
    if filters.topic:
        events = carrying_every(events, filters.topic)
    for outlet in filters.outlet:
        events = events.filter(cites(outlet))
    if filters.updated_since:
        since = filters.updated_since
        written_since = GreaterThanOrEqual(LAST_CHANGE, since)  # its index answers
        events = events.filter(written_since | changed_by_events_due_since(since))
    if filters.q:
        # The site's search decides what matches; the order stays the chosen ordering, which
        # the cursor needs (a rank has no stable key).
        events = search_events(events, filters.q)
    return events


def carrying_every(events, slugs: list[str]):
    """`events` that carry every topic of `slugs` where the public sees it: found from the
    rarest topic's rows (their index), asked of each event for the others; when even the
    rarest is on many events, along the date index (listing.on_many). A topic of 58,277 of
    100,000 events (`make bench-scale`'s "api: events by topic", SQLite): 171 -> N ms."""
    # By id, not by slug through a join: PostgreSQL then plans with the topic's own
    # statistics (joined, it guessed 262 rows of 58,321 and listed them all: 441 ms).
    topics = dict(Topic.objects.filter(slug__in=slugs).values_list("pk", "public_count"))
    if len(topics) < len(set(slugs)):
        return events.none()  # no such topic
    rarest = min(topics, key=topics.get)
    for topic_id, count in topics.items():
        rows = TaggedEvent.objects.shown_publicly().filter(tag_id=topic_id)
        if topic_id == rarest and not on_many(count):
            events = events.filter(pk__in=rows.values("content_object"))
        else:
            events = events.filter(Exists(rows.filter(content_object=OuterRef("pk"))))
    return along_dates(events) if on_many(topics[rarest]) else events


def changed_by_events_due_since(since):
    """The event changed, with no write, when another event went public at or after `since`:
    a scheduled event falling due gives its links' topics to their targets and starts to
    show in the related links of the events that link to it (each of those writes moved
    their change times when it was made: events.changes)."""
    due = Event.objects.published().filter(publish_at__gte=since).values("pk")
    given = GivenTopic.objects.filter(event=OuterRef("pk"), given_by__in=due)
    linking = Related.objects.filter(event=OuterRef("pk"), target__in=due)
    return Exists(given) | Exists(linking)


def events_page(filters):
    """(events with outlets and topics, next cursor): two statements."""
    ordering = EVENT_ORDERINGS[filters.ordering]
    found, following = page(listed(filtered_events(filters).order_by()), ordering, *filters.page)
    return with_outlets_and_topics(found), following


def day_events(day: datetime.date):
    """A day's public events in order, with outlets and topics, and the days either side."""
    public = Event.objects.published()
    events = list(listed(public.filter(date=day)).order_by("position", "id"))
    if not events:
        return [], (None, None)
    return with_outlets_and_topics(events), neighbours(public, day, "day")


def days_page(filters):
    """(date, count) of each day with public events in the range, by date: one statement."""
    days = Event.objects.published()
    if filters.date_from:
        days = days.filter(date__gte=filters.date_from)
    if filters.date_to:
        days = days.filter(date__lte=filters.date_to)
    counted = days.order_by().values("date").annotate(count=Count("id"))
    return page(AsRows(counted, lambda row: Counted(**row)), DAY_ORDERING, *filters.page)


def topics_page(filters):
    """Topics that have public events, by name, each with its number of them: the topics'
    own counts (events.models.topic_counts), less their events not due yet."""
    topics, not_yet = shown_topics()
    if filters.prefix:
        topics = topics.filter(name__istartswith=filters.prefix)
    found, following = page(
        topics.only("name", "slug", "public_count"), TOPIC_ORDERING, *filters.page
    )
    public_counts(found, not_yet)
    return found, following


def topic(slug: str) -> Topic | None:
    """The topic, with its count of public events; None if it has none (a topic only drafts
    carry does not exist for the public: even its name could give a draft away)."""
    found = Topic.objects.filter(slug=slug).only("name", "slug", "public_count").first()
    if found is None:
        return None
    public_counts([found], not_yet_public())
    return found if found.count > 0 else None


def withdrawals_page(filters):
    """Events that stopped being public at or after `since` and are not public now (one that
    came back is in `updated_since` again), by time: one statement."""
    rows = Withdrawal.objects.filter(withdrawn_at__gte=filters.since).exclude(
        event_id__in=Event.objects.published().values("pk")
    )
    return page(rows.only("event_id", "withdrawn_at"), WITHDRAWAL_ORDERING, *filters.page)


class Counted:
    __slots__ = ("date", "count")

    def __init__(self, date, count):
        self.date, self.count = date, count


class AsRows:
    """A values queryset whose rows come out as `make(row)`: plain objects with attributes,
    cheaper than model instances, which `page` reads the key from."""

    def __init__(self, rows, make):
        self.rows, self.make = rows, make

    def filter(self, *args, **kwargs):
        return AsRows(self.rows.filter(*args, **kwargs), self.make)

    def order_by(self, *fields):
        return AsRows(self.rows.order_by(*fields), self.make)

    def __getitem__(self, bounds: slice):
        return [self.make(row) for row in self.rows[bounds]]
