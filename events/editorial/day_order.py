"""Reordering a day's events: an edit like any other.

The editor sends the day's events in their new order with the lock version of each as they
saw it. The day's events are locked; if any changed meanwhile, or an event joined or left
the day, nothing is saved and the refusal names them. Otherwise each event whose place
changes gets its new position and a new lock version; its save is noted on the write's
change (events.changes), which moves its change time and purges the pages showing it.

One reorder is one revision: a single revision holds every event whose place changed, with
who did it and a comment naming the events the editor moved (the fewest that explain the new
order: the rest only shifted), so moving the last of 43 events to the top records one
revision, not 43, while each event's history still shows it and an editor who had one of the
shifted events open is told who reordered the day when their save is refused.
"""

from bisect import bisect_left
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
        for event in events.values():
            event.position_before = event.position
        changed = [e for pk, e in events.items() if opened_versions.get(pk) != e.lock_version]
        joined_or_left = set(events) != set(ordered_ids) or len(ordered_ids) != len(events)
        if changed or joined_or_left:
            raise OrderRefused(changed, joined_or_left)
        placed = [
            (position, events[pk])
            for position, pk in enumerate(ordered_ids)
            if events[pk].position != position
        ]
        if not placed:
            return 0
        shifted = [event for _position, event in placed]
        revisions.keep_baselines(shifted)
        for position, event in placed:
            event.position = position
            event.lock_version += 1
            event.save(update_fields=["position", "lock_version", "updated_at"])
        old_order = sorted(events.values(), key=lambda e: (e.position_before, e.pk))
        moved = moved_by_editor([e.pk for e in old_order], ordered_ids)
        revisions.record_together(
            shifted, user=user, comment=reorder_comment(events, moved, len(shifted))
        )
    return len(shifted)


def moved_by_editor(before: list[int], after: list[int]) -> list[int]:
    """The fewest events whose moves turn the order `before` into `after`: those outside the
    longest run of events that kept their order (a longest increasing subsequence)."""
    rank = {pk: index for index, pk in enumerate(before)}
    ranks = [rank[pk] for pk in after]
    tails, tail_at, previous = [], [], [None] * len(ranks)
    for index, value in enumerate(ranks):
        place = bisect_left(tails, value)
        if place == len(tails):
            tails.append(value)
            tail_at.append(index)
        else:
            tails[place], tail_at[place] = value, index
        previous[index] = tail_at[place - 1] if place else None
    kept, index = set(), tail_at[-1] if tail_at else None
    while index is not None:
        kept.add(after[index])
        index = previous[index]
    return [pk for pk in after if pk not in kept]


def reorder_comment(events: dict, moved: list[int], shifted: int) -> str:
    named = "; ".join(
        f"“{events[pk].headline[:80]}” to position {events[pk].position + 1}" for pk in moved
    )
    others = shifted - len(moved)
    tail = f" ({others} other event{'s' if others != 1 else ''} shifted)" if others else ""
    return f"Reordered the day's events: {named}{tail}."
