"""Which sources count in their outlets' public counts, and what the public sees of them now.

The database adds up each outlet's counts from its sources' flags (sources.models.outlet_counts):
`counted` (the source's event is public, or will be once its time comes: `will_be_public`) and
`counts_event` (the first counted source of its event from its outlet, by id). A write's
settling sets the flags of the sources it may have changed (events.changes.counts); what the
public sees now is those counts less the sources of scheduled events not due yet, read per
request from the few scheduled events, so a count is right the moment one falls due.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sources.models import LinkState, Outlet, Source
from sources.models.outlet_counts import count_from_flags

from .event import Event
from .public import PUBLIC_STATUSES, is_due_later

# Every source's flags from scratch (the migration that brought them).
FLAGS = [
    """UPDATE sources_source SET counted = event_id IN (
        SELECT id FROM events_event WHERE status IN (%s, %s) AND publish_at IS NOT NULL)""",
    """UPDATE sources_source SET counts_event = counted AND outlet_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM sources_source earlier WHERE earlier.event_id = sources_source.event_id
        AND earlier.outlet_id = sources_source.outlet_id AND earlier.counted
        AND earlier.id < sources_source.id)""",
]


def flag_every_source(schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        first, second = FLAGS
        cursor.execute(first, list(PUBLIC_STATUSES))
        cursor.execute(second)
    count_from_flags(schema_editor.connection.alias)


def flags_of(rows, public: set[int]) -> dict[int, tuple[bool, bool]]:
    """The flags each of `rows` ((pk, event, outlet), in id order) should have, by pk, given
    the events of theirs that are public or will be."""
    seen, flags = set(), {}
    for pk, event_id, outlet_id in rows:
        counts = event_id in public
        first = counts and outlet_id is not None and (event_id, outlet_id) not in seen
        if first:
            seen.add((event_id, outlet_id))
        flags[pk] = (counts, first)
    return flags


@dataclass
class NotYet:
    """An outlet's counted sources whose events the public does not see yet."""

    events: int = 0
    sources: int = 0
    dead: int = 0
    names: Counter = field(default_factory=Counter)  # how they are written


def not_yet_public_outlets(now=None) -> dict[int, NotYet]:
    """Per outlet, what its public counts hold of scheduled events not due at `now`: two
    statements over the scheduled events and their sources (indexes), whatever the
    archive's size."""
    due_later = list(Event.objects.filter(is_due_later(now)).values_list("pk", flat=True))
    if not due_later:
        return {}
    sources = Source.objects.filter(event_id__in=due_later, counted=True, outlet__isnull=False)
    held = defaultdict(NotYet)
    for outlet_id, name, first, link_state in sources.values_list(
        "outlet_id", "name", "counts_event", "link_state"
    ):
        found = held[outlet_id]
        found.events += first
        found.sources += 1
        found.dead += link_state == LinkState.DEAD
        found.names[name] += 1
    return dict(held)


def public_outlet_counts(outlets, not_yet: dict[int, NotYet]) -> None:
    """Set `count` (public events citing it), `public_source_count` and `public_dead_count`
    on each of `outlets`, as the public sees them now."""
    for outlet in outlets:
        held = not_yet.get(outlet.pk, NotYet())
        outlet.count = outlet.public_events - held.events
        outlet.public_source_count = outlet.public_sources - held.sources
        outlet.public_dead_count = outlet.public_dead - held.dead


def shown_outlets(now=None):
    """Current outlets a public event cites now, as a queryset, and `not_yet_public_outlets`."""
    not_yet = not_yet_public_outlets(now)
    outlets = Outlet.objects.current().filter(public_events__gt=0)
    if not_yet:
        stored = outlets.filter(pk__in=not_yet).values_list("pk", "public_events")
        gone = [pk for pk, count in stored if count <= not_yet[pk].events]
        outlets = outlets.exclude(pk__in=gone)
    return outlets, not_yet
