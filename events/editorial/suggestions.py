"""Related-event suggestions for editors: other events sharing this one's topics."""

from dataclasses import dataclass

from django.db.models import Count, DurationField, F, Value
from django.db.models.functions import Greatest

from ..models import Event, Related, TaggedEvent

SUGGESTION_LIMIT = 10


@dataclass(frozen=True)
class Suggestion:
    event: Event
    shared_topics: list[str]


def related_suggestions(event: Event, limit: int = SUGGESTION_LIMIT) -> list[Suggestion]:
    """Events sharing the most topics with `event`, then the nearest in date: two queries.

    The event itself and events it already links to are left out.
    """
    its_topics = TaggedEvent.objects.filter(content_object=event).values("tag")
    already_linked = Related.objects.filter(event=event, target__isnull=False).values("target")
    day = Value(event.date)
    candidates = list(
        Event.objects.filter(topics__in=its_topics)
        .exclude(pk=event.pk)
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
