"""Reordering a day's events: an edit like any other.

The editor sends the day's events in their new order with the lock version of each as they
saw it. The day's events are locked; if any changed meanwhile, or an event joined or left
the day, nothing is saved and the refusal names them. Otherwise each event that moves gets
its new position, a new lock version and a revision; its save is noted on the write's change
(events.changes), which purges the pages showing it.
"""

from dataclasses import dataclass

from ..changes import writing
from ..models import Event
from . import revisions


@dataclass
class OrderRefused(Exception):
    """The day changed since the editor opened it."""

    changed: list[Event]
    joined_or_left: bool

    def __str__(self):
        return "The day changed since you opened it."


def day_events(day):
    return Event.objects.filter(date=day).order_by("position", "pk")


def reorder_day(day, ordered_ids: list[int], opened_versions: dict[int, int], *, user) -> int:
    """Give the day's events positions 0..n-1 in `ordered_ids`' order. Returns how many moved."""
    with writing():
        events = {
            e.pk: e for e in Event.objects.select_for_update().filter(date=day).order_by("pk")
        }
        changed = [e for pk, e in events.items() if opened_versions.get(pk) != e.lock_version]
        joined_or_left = set(events) != set(ordered_ids) or len(ordered_ids) != len(events)
        if changed or joined_or_left:
            raise OrderRefused(changed, joined_or_left)
        moved = 0
        for position, pk in enumerate(ordered_ids):
            event = events[pk]
            if event.position == position:
                continue
            revisions.keep_baseline(event)
            event.position = position
            event.lock_version += 1
            event.save(update_fields=["position", "lock_version", "updated_at"])
            revisions.record(
                event,
                user=user,
                comment=f"Moved to position {position + 1} of its day's events.",
            )
            moved += 1
    return moved
