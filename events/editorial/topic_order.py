"""An event's own topics in the order the editor gave them (those its links give follow the
links)."""

from ..changes import writing
from ..models import Event, TaggedEvent


def ordered_topic_names(event: Event) -> list[str]:
    """The event's topic names in order: by position, then (imported events) by name."""
    rows = TaggedEvent.objects.filter(content_object=event, own=True).order_by(
        "position", "tag__name"
    )
    return list(rows.values_list("tag__name", flat=True))


def put_topics_in_order(event: Event, names: list[str]) -> None:
    """Number the event's topic rows 0..n-1 in the order of `names` (its topics, as saved).

    Only rows whose number changes are written: one change (events.changes), since the
    public pages list an event's topics in this order.
    """
    place = {name: number for number, name in enumerate(names)}
    own = TaggedEvent.objects.filter(content_object=event, own=True)
    moved = []
    for row in own.select_related("tag"):
        wanted = place.get(row.tag.name, len(place))
        if row.position != wanted:
            row.position = wanted
            moved.append(row)
    if moved:
        with writing() as change:
            change.events([event.pk])
            TaggedEvent.objects.bulk_update(moved, ["position"])
