"""Topic rows' `counted` flags, set as a change settles: the database adds them up into each
topic's `public_count` (events.models.topic_counts).

A row counts when its event is public or scheduled and the public sees the row once every
scheduled event is due. That changes only for the rows of events a write names (their status,
their own topics), of events whose gifts changed, and of events given topics by a named
event (it became or stopped being public): those rows are read again, by event (their index),
and only the flags that differ are written.
"""

from collections.abc import Iterable

from events.bulk import chunked
from events.models import TaggedEvent
from events.models.topic_counts import counts_eventually

BATCH = 2000


def rows_to_recount(change, after: dict, gifts: set[tuple]) -> set[int]:
    """The events whose rows may count differently after `change` (a `record.Change`)."""
    events = set(change.before) | {target for target, _, _ in gifts}
    events |= {event_id for event_id, _ in change.topic_rows}
    for state in (*change.before.values(), *after.values()):
        if state is not None:
            events |= {target for target, _ in state.gives}
    return events - change.deleted


def recount(event_ids: Iterable[int]) -> None:
    """Make the rows of these events count as they should: two reads and at most two
    UPDATEs per 2,000 events."""
    for events in chunked(sorted(set(event_ids)), BATCH):
        rows = TaggedEvent.objects.filter(content_object_id__in=events)
        counting = list(
            rows.filter(counted=False).filter(counts_eventually()).values_list("pk", flat=True)
        )
        stopping = list(
            rows.filter(counted=True).exclude(counts_eventually()).values_list("pk", flat=True)
        )
        if counting:
            TaggedEvent.objects.filter(pk__in=counting).update(counted=True)
        if stopping:
            TaggedEvent.objects.filter(pk__in=stopping).update(counted=False)
