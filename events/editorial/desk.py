"""What the editors' desk lists: drafts, the scheduled queue, the latest publications and the
events that need attention. A fixed number of queries, whatever the archive's size.

Thin days: among the last `THIN_DAYS_WINDOW` days that have events, a day with fewer than
`THIN_DAY_SHARE` of the median number of events of those days (a day of 6 events when the
median is 15). The median, not the mean, so one very busy day does not make others thin.
"""

import statistics
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import BigIntegerField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast
from reversion.models import Version

from sources.models import LinkState, Source

from ..models import Event, Related
from ..models.public import is_due_later

LISTED = 8
# A desk list is counted up to this many events; past it the desk says "over 1000". The
# latest publications are most of the archive: counting them all read every public event
# (100,000 events: the desk's counts were a third of its statements' time).
COUNTED_AT_MOST = 1000
THIN_DAYS_WINDOW = 30
THIN_DAY_SHARE = 0.5


@dataclass
class DeskList:
    """A few rows of one list, its full count and where the whole list is."""

    rows: list
    count: int  # at most COUNTED_AT_MOST: see `capped`
    query: str = ""
    extra: dict = field(default_factory=dict)
    capped: bool = False  # more than COUNTED_AT_MOST: `count` is that bound, not the total
    cap: int = COUNTED_AT_MOST


def without_sources():
    # The stored number, along its own index: looking for each event's sources read every
    # event (1,000,000 events, PostgreSQL: the desk's floor 411 ms, most of it this list).
    return Event.objects.filter(sources_count=0)


# The two lists below are few events of many: asked as "events whose rows ...", the database
# read every event and looked for its rows (100,000 events, 200,000 sources: 565 ms and 947 ms
# on SQLite, 624 ms for the first on PostgreSQL); asked as "the events of the rows that ...",
# it reads those rows first (107, 7.6 and 86 ms).


def with_every_source_lost():
    """Events citing sources that are all dead, none with a snapshot: nothing left to read.
    (An event whose every source is unreadable has a dead one.)"""
    readable = Source.objects.filter(event=OuterRef("pk")).filter(
        ~Q(link_state=LinkState.DEAD) | ~Q(snapshot_title="") | ~Q(snapshot_text="")
    )
    dead = Source.objects.filter(link_state=LinkState.DEAD).values("event_id")
    return Event.objects.filter(pk__in=dead).filter(~Exists(readable))


def with_unresolved_links():
    unresolved = Related.objects.filter(target__isnull=True).values("event_id")
    return Event.objects.filter(pk__in=unresolved)


def edited_by(user_id: int):
    """Events with a revision by this user (reversion keeps object ids as text)."""
    ids = (
        Version.objects.get_for_model(Event)
        .filter(revision__user_id=user_id)
        .annotate(event_id=Cast("object_id", BigIntegerField()))
        .values("event_id")
    )
    return Event.objects.filter(pk__in=ids)


def found_first(queryset):
    """For `pk__in`: the ids of `queryset` read first when they are few (at most
    COUNTED_AT_MOST), else the query itself. A changelist of a few events found among many
    (without sources) then reads the archive once for them, not again in its order page by
    page (PostgreSQL, 100,000 events: 384 ms a page)."""
    ids = list(queryset.order_by().values_list("pk", flat=True)[: COUNTED_AT_MOST + 1])
    return ids if len(ids) <= COUNTED_AT_MOST else queryset.values("pk")


class CappedCount(NamedTuple):
    count: int  # at most COUNTED_AT_MOST: see `capped`
    capped: bool  # more than COUNTED_AT_MOST


def capped_at_most(found: int) -> CappedCount:
    """`found` rows, read up to one past COUNTED_AT_MOST, as the desk shows them."""
    return CappedCount(min(found, COUNTED_AT_MOST), found > COUNTED_AT_MOST)


def _listed(queryset, order, query) -> DeskList:
    # At most two statements whatever the lists hold: the list's ids up to one past
    # COUNTED_AT_MOST (its count), then its first rows, from those ids when they are all of
    # it (none when it is empty). A list of few events found among many (events without
    # sources) is then read once, not again in order until LISTED are found: PostgreSQL,
    # 100,000 events and none without sources, 384 -> 0 ms for its rows, the desk 616 ->
    # 252 ms.
    ids = list(queryset.order_by().values_list("pk", flat=True)[: COUNTED_AT_MOST + 1])
    counted = capped_at_most(len(ids))
    listed = queryset if counted.capped else Event.objects.filter(pk__in=ids)
    rows = list(listed.order_by(*order)[:LISTED])
    return DeskList(rows, counted.count, query, capped=counted.capped, cap=COUNTED_AT_MOST)


def drafts(user) -> dict[str, DeskList]:
    draft = Event.objects.filter(status=Event.Status.DRAFT)
    mine = draft.filter(pk__in=edited_by(user.pk).values("pk"))
    return {
        "mine": _listed(mine, ["-updated_at"], f"status__exact=draft&edited_by={user.pk}"),
        "all": _listed(draft, ["-updated_at"], "status__exact=draft"),
    }


def scheduled_queue(now=None) -> DeskList:
    due = Event.objects.filter(is_due_later(now))
    return _listed(due, ["publish_at", "pk"], "status__exact=scheduled&o=publish_at")


def latest_publications(now=None) -> DeskList:
    public = Event.objects.published(now)
    return _listed(public, ["-publish_at", "-pk"], "status__exact=published")


def needs_attention() -> dict[str, DeskList]:
    return {
        "without_sources": _listed(without_sources(), ["-date", "position"], "sources=none"),
        "sources_lost": _listed(with_every_source_lost(), ["-date", "position"], "sources=lost"),
        "unresolved_links": _listed(
            with_unresolved_links(), ["-date", "position"], "links=unresolved"
        ),
    }


def link_states() -> dict[str, CappedCount]:
    """How many sources no check has reached yet, and how many are dead or unreachable: apart,
    so a desk with every link unchecked does not read as one with no dead links. Each counted
    up to COUNTED_AT_MOST along an index (last checks; the bad links'), as the desk's lists:
    one scan of every source cost 24 ms at 100,000 events and grew with the archive."""
    sources = Source.objects.order_by()
    return {
        name: capped_at_most(sources.filter(condition)[: COUNTED_AT_MOST + 1].count())
        for name, condition in (
            ("never_checked", Q(last_checked_at__isnull=True)),
            ("dead", Q(link_state=LinkState.DEAD)),
            ("unreachable", Q(link_state=LinkState.UNREACHABLE)),
        )
    }


def thin_days() -> tuple[list[dict], float]:
    """(thin days as {date, count}, the median they fall short of): one query."""
    days = list(
        Event.objects.values("date")
        .annotate(count=Count("id"))
        .order_by("-date")[:THIN_DAYS_WINDOW]
    )
    if not days:
        return [], 0
    median = statistics.median(day["count"] for day in days)
    return [day for day in days if day["count"] < median * THIN_DAY_SHARE], median
