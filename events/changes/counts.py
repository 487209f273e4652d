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
from events.models import Event, GivenTopic, TaggedEvent
from events.models.topic_counts import will_be_public

BATCH = 2000


def rows_to_recount(change, after: dict, gifts: set[tuple]) -> set[int]:
    """The events whose rows may count differently after `change` (a `record.Change`)."""
    events = set(change.before) | {target for target, _, _ in gifts}
    events |= {event_id for event_id, _ in change.topic_rows}
    for state in (*change.before.values(), *after.values()):
        if state is not None:
            events |= {target for target, _ in state.gives}
    # Rows the change wrote all of with their flags right need no second look.
    return events - change.deleted - change.rows_flagged


def recount(event_ids: Iterable[int]) -> None:
    """Make the rows of these events count as they should: three reads (by event, their
    indexes) and at most two UPDATEs per 2,000 events. Whether a row should count is decided
    here from its event's and its givers' publicity: asked of the database as a condition on
    each row, it hashed every gift of the archive for each 2,000 events (PostgreSQL's plan),
    making an import quadratic."""
    for events in chunked(sorted(set(event_ids)), BATCH):
        counting, stopping = [], []
        public = Event.objects.filter(will_be_public(), pk__in_ids=events).values_list(
            "pk", flat=True
        )
        public = set(public)
        gifts = GivenTopic.objects.filter(will_be_public("given_by__"), event_id__in_ids=events)
        given = set(gifts.values_list("event_id", "topic_id"))
        rows = TaggedEvent.objects.filter(content_object_id__in_ids=events)
        for pk, event_id, topic_id, own, counted in rows.values_list(
            "pk", "content_object_id", "tag_id", "own", "counted"
        ):
            counts = event_id in public and (own or (event_id, topic_id) in given)
            if counts != counted:
                (counting if counts else stopping).append(pk)
        if counting:
            TaggedEvent.objects.filter(pk__in_ids=counting).update(counted=True)
        if stopping:
            TaggedEvent.objects.filter(pk__in_ids=stopping).update(counted=False)
