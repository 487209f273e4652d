"""Topic rows' and sources' flags, set as a change settles: the database adds them up into each
topic's `public_count` (events.models.topic_counts).

A row counts when its event is public or scheduled and the public sees the row once every
scheduled event is due. That changes only for the rows of events a write names (their status,
their own topics), of events whose gifts changed, and of events given topics by a named
event (it became or stopped being public): those rows are read again, by event (their index),
and only the flags that differ are written.

Sources' `counted` and `counts_event` flags likewise (the database adds them up into each
outlet's counts and written names: sources.models.outlet_counts), for the sources of the
events a write names and of those citing outlets it merged; and those events' number of
sources (`Event.sources_count`), from the same rows.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable

from events.bulk import chunked
from events.models import Event, GivenTopic, TaggedEvent
from events.models.outlet_flags import flags_of
from events.models.public import will_be_public
from sources.models import Source

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


def sources_to_recount(change, citing_outlets: set[int]) -> set[int]:
    """The events whose sources may count differently after `change`: those it names (their
    sources, their publicity), and those citing outlets it merged (two of an event's sources
    may now be of one outlet)."""
    return (set(change.before) | citing_outlets) - change.deleted - change.rows_flagged


def recount(event_ids: Iterable[int], sources_of: Iterable[int] = ()) -> None:
    """Make the topic rows of `event_ids` and the sources of `sources_of` count as they
    should: by event (their indexes), a read of the events and one of their rows, at most
    two UPDATEs of each kind per 2,000 events."""
    event_ids, sources_of = set(event_ids), set(sources_of)
    for events in chunked(sorted(event_ids | sources_of), BATCH):
        public = set(
            Event.objects.filter(will_be_public(), pk__in_ids=events).values_list("pk", flat=True)
        )
        rows_of = [pk for pk in events if pk in event_ids]
        if rows_of:
            _recount_rows(rows_of, public)
        cited_by = [pk for pk in events if pk in sources_of]
        if cited_by:
            _recount_sources(cited_by, public)


def _recount_sources(events: list[int], public: set[int]) -> None:
    """The sources' flags their outlets' counts add up (events.models.outlet_flags), and
    the events' numbers of sources."""
    rows = Source.objects.filter(event_id__in_ids=events).order_by("pk")
    stored = {}
    for pk, event_id, outlet_id, counted, first in rows.values_list(
        "pk", "event_id", "outlet_id", "counted", "counts_event"
    ):
        stored[pk] = ((pk, event_id, outlet_id), (counted, first))
    _count_sources(events, Counter(event_id for (_, event_id, _), _ in stored.values()))
    wanted = flags_of((row for row, _ in stored.values()), public)
    changed = defaultdict(list)
    for pk, (_, flags) in stored.items():
        if wanted[pk] != flags:
            changed[wanted[pk]].append(pk)
    for (counted, first), pks in changed.items():
        Source.objects.filter(pk__in_ids=pks).update(counted=counted, counts_event=first)


def _count_sources(events: list[int], cited: Counter) -> None:
    """Store `cited[event]` as each event's number of sources where it differs: one UPDATE
    per number that changed."""
    stored = Event.objects.filter(pk__in_ids=events).values_list("pk", "sources_count")
    changed = defaultdict(list)
    for pk, number in stored:
        if cited[pk] != number:
            changed[cited[pk]].append(pk)
    for number, pks in changed.items():
        Event.objects.filter(pk__in_ids=pks).update(sources_count=number)


def _recount_rows(events: list[int], public: set[int]) -> None:
    """Whether a row should count is decided here from its event's and its givers'
    publicity: asked of the database as a condition on each row, it hashed every gift of the
    archive for each 2,000 events (PostgreSQL's plan), making an import quadratic."""
    counting, stopping = [], []
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
