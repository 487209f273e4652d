"""Related-event suggestions for editors: other events sharing this one's topics."""

from dataclasses import dataclass

from django.db.models import Count, DurationField, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Greatest

from ..models import Event, Related, TaggedEvent

SUGGESTION_LIMIT = 10
# Candidates come from each topic's events nearest in date, this many either side: read from
# the topic rows' date index, so a topic of tens of thousands of events costs what a small one
# does (10,000 skewed events, SQLite: the suggestions' statement took 884 ms counting every
# event of the event's big topics). Each candidate's shared topics are then counted in full.
NEAREST_PER_TOPIC = 100


@dataclass(frozen=True)
class Suggestion:
    event: Event
    shared_topics: list[str]


def related_suggestions(event: Event, limit: int = SUGGESTION_LIMIT) -> list[Suggestion]:
    """Events sharing the most topics with `event`, then the nearest in date, among each of its
    topics' NEAREST_PER_TOPIC events either side of its date: three queries.

    The event itself and events it already links to are left out.
    """
    its_topics = TaggedEvent.objects.filter(content_object=event).values("tag")
    near = _nearest_in_each_topic(event, list(its_topics.values_list("tag", flat=True)))
    if near is None:
        return []
    already_linked = Related.objects.filter(event=event, target__isnull=False).values("target")
    day = Value(event.date)
    # Counted per candidate (a few index entries each), not by joining every row of the
    # event's topics: the candidates lead.
    shared = (
        TaggedEvent.objects.filter(content_object=OuterRef("pk"), tag__in=its_topics)
        .order_by()
        .values("content_object")
        .annotate(count=Count("pk"))
        .values("count")
    )
    candidates = list(
        Event.objects.filter(near)
        .exclude(pk=event.pk)
        .exclude(pk__in=already_linked)
        .annotate(
            shared=Subquery(shared, output_field=IntegerField()),
            # |date - day|, written so both SQLite and PostgreSQL can order by it.
            distance=Greatest(F("date") - day, day - F("date"), output_field=DurationField()),
        )
        .only("date", "slug", "headline", "status", "publish_at")
        .order_by("-shared", "distance", "-date", "pk")[:limit]
    )
    names = _shared_topic_names(its_topics, [c.pk for c in candidates])
    return [Suggestion(c, names.get(c.pk, [])) for c in candidates]


def _nearest_in_each_topic(event: Event, topic_ids: list[int]) -> Q | None:
    """Events among each topic's NEAREST_PER_TOPIC rows either side of `event`'s date (one
    subquery each, on the topic rows' (topic, date) index); None without topics."""
    near = None
    others = TaggedEvent.objects.exclude(content_object=event)
    for topic_id in topic_ids:
        rows = others.filter(tag_id=topic_id)
        before = rows.filter(event_date__lte=event.date).order_by("-event_date")
        after = rows.filter(event_date__gt=event.date).order_by("event_date")
        for side in (before, after):
            found = Q(pk__in=side.values("content_object")[:NEAREST_PER_TOPIC])
            near = found if near is None else near | found
    return near


def _shared_topic_names(its_topics, event_ids: list[int]) -> dict[int, list[str]]:
    rows = (
        TaggedEvent.objects.filter(content_object__in=event_ids, tag__in=its_topics)
        .order_by("tag__name")
        .values_list("content_object_id", "tag__name")
    )
    names: dict[int, list[str]] = {}
    for event_id, name in rows:
        names.setdefault(event_id, []).append(name)
    return names


def shared_topic_names(event: Event, other: Event) -> list[str]:
    """The names of the topics two events share, alphabetically."""
    its_topics = TaggedEvent.objects.filter(content_object=event).values("tag")
    return _shared_topic_names(its_topics, [other.pk]).get(other.pk, [])
