"""Related-event suggestions for editors: other events sharing this one's topics."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, DurationField, F, Value
from django.db.models.functions import Greatest

from ..models import Event, Related, TaggedEvent, Topic

SUGGESTION_LIMIT = 10
COMMON_TOPIC_EVENTS = 2000
NEAR_FOR_COMMON_TOPICS = datetime.timedelta(days=90)


@dataclass(frozen=True)
class Suggestion:
    event: Event
    shared_topics: list[str]


def related_suggestions(event: Event, limit: int = SUGGESTION_LIMIT) -> list[Suggestion]:
    """Events sharing the most topics with `event`, then the nearest in date: three queries.

    The event itself and events it already links to are left out. A topic on more than
    `COMMON_TOPIC_EVENTS` events says little about which of them are related and costs a
    count over all of them (2.4-5.4 s for an event with a 58,277-event topic, 100,000 events):
    it is left out of the ranking when the event has a rarer topic, and otherwise only its
    events within `NEAR_FOR_COMMON_TOPICS` count. The topics shown as shared are all of them.
    """
    its_topics = TaggedEvent.objects.filter(content_object=event).values("tag")
    sizes = dict(Topic.objects.filter(pk__in=its_topics).values_list("pk", "events_count"))
    rare = [pk for pk, size in sizes.items() if size <= COMMON_TOPIC_EVENTS]
    sharing = Event.objects.filter(topics__in=rare or list(sizes))
    if not rare:
        sharing = sharing.filter(
            date__range=(event.date - NEAR_FOR_COMMON_TOPICS, event.date + NEAR_FOR_COMMON_TOPICS)
        )
    already_linked = Related.objects.filter(event=event, target__isnull=False).values("target")
    day = Value(event.date)
    candidates = list(
        sharing.exclude(pk=event.pk)
        .exclude(pk__in=already_linked)
        .annotate(
            shared=Count("pk"),
            # |date - day|, written so both SQLite and PostgreSQL can order by it.
            distance=Greatest(F("date") - day, day - F("date"), output_field=DurationField()),
        )
        .only("date", "slug", "headline", "status", "publish_at")
        .order_by("-shared", "distance", "-date", "pk")[:limit]
    )
    names = _shared_topic_names(its_topics, [c.pk for c in candidates])
    return [Suggestion(c, names.get(c.pk, [])) for c in candidates]


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
