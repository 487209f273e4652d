"""What an event's page shows beside the event: sources, topics, related links, what happened
next. Apart from the sources, hand-written statements (see events.sql): their querysets cost the
page a quarter of its throughput on SQLite (`make bench-web BENCH_ARGS="--pages event --rounds
3"`, 100,000-event database, 1998-01-20's busiest event: 26 req/s written out, 19 with the
topics and related links as querysets; PostgreSQL 15 and 15, load average 15-20 on 2 cores).

Related links and "what happened next" show only public events, whoever looks: a staff preview
of a draft shows them as readers will see them.
"""

import datetime
from typing import NamedTuple

from events.links import parse_event_path
from events.models import Event, Related, TaggedEvent, Topic, split_context
from events.sql import (
    as_date,
    date_parameter,
    fetch,
    placeholders,
    public_condition,
    topic_row_counts,
)
from sources.models import Source

from .listing import PageTopic

WHAT_HAPPENED_NEXT_LIMIT = 10
# An event's import bookkeeping, which its page does not show.
NOT_SHOWN = ("archive_path", "archive_digest", "cover_position", "lock_version", "sources_count")
# What a link to another event shows of it, after its id (an `Event` with only these loaded).
LINKED_COLUMNS = ("id", "date", "headline", "slug")


class RelatedLink(NamedTuple):
    target_path: str
    target_headline: str
    context: str
    target: Event | None  # only when the target exists and is public (`LINKED_COLUMNS`)

    @property
    def target_is_public(self) -> bool:
        return self.target is not None

    @property
    def date(self) -> datetime.date | None:
        """The target's day: its own, or, for a target not in the archive, the one its
        archive path names (`/news/2012/09/5/<slug>.md`); None when the path names none."""
        if self.target is not None:
            return self.target.date
        parsed = parse_event_path(self.target_path)
        return parsed[0] if parsed else None

    @property
    def shared_topics(self) -> list[str]:
        """The topic names the archive gives as what the two events have in common."""
        return split_context(self.context)


def for_event_page(events):
    """The event of an event page, without its import bookkeeping; `parts_of` adds the rest."""
    return events.defer(*NOT_SHOWN)


def parts_of(event: Event) -> dict:
    """The event's `sources` (snapshots included), `topics`, `related_links`, `next_events`."""
    topics = topics_of(event.pk)
    return {
        "sources": list(
            Source.objects.filter(event_id=event.pk)
            .select_related("outlet")
            .order_by("position", "pk")
        ),
        "topics": topics,
        "related_links": in_date_order(related_links_of(event.pk)),
        "next_events": what_happened_next(event, [topic.pk for topic in topics]),
    }


def topics_of(event_id: int) -> list[PageTopic]:
    """An event's topics in the editor's order (imported events', all at position 0: by name),
    its own and those public events' links give it. Written out: 1.04 ms against 5.43 ms for
    the queryset on SQLite, 5.4 against 6.6 ms on PostgreSQL (the function alone, best of 7 x
    200, same process, load average 13-20 on 2 cores)."""
    tagged, topic = TaggedEvent._meta.db_table, Topic._meta.db_table
    counts, params = topic_row_counts("row")
    # Grouped: a topic of the event's own may also be given by links, as may several links.
    sql = f"""SELECT t.name, t.slug, t.id FROM {tagged} row
              JOIN {topic} t ON t.id = row.tag_id
              WHERE row.content_object_id = %s AND {counts}
              GROUP BY t.id, t.name, t.slug
              ORDER BY MIN(row.position), t.name, t.id"""  # noqa: S608
    return [PageTopic(*row) for row in fetch(sql, [event_id, *params])]


def in_date_order(links: list[RelatedLink]) -> list[RelatedLink]:
    """Related links oldest first, as a reader follows a story; the editor's order among
    links of one day, and links whose day is unknown last (the sort is stable)."""
    return sorted(links, key=lambda link: (link.date is None, link.date or datetime.date.min))


def related_links_of(event_id: int) -> list[RelatedLink]:
    """An event's related links in order, each linked only when its target is public, so a
    link never leads to a 404 nor gives a draft's address away. A link to an event the public
    may not see is left out altogether: its headline is the draft's own (the admin copies it).
    Written out: 0.51 ms against 2.19 ms for the queryset (select_related, the target's
    condition in the join) on SQLite, 2.2 against 15.6 ms on PostgreSQL (as `topics_of`).
    """
    public, params = public_condition()
    events = Event._meta.db_table
    # The events table joins under its own name, which the public condition uses.
    sql = f"""
        SELECT link.target_path, link.target_headline, link.context,
               {events}.id, {events}.date, {events}.headline, {events}.slug
        FROM {Related._meta.db_table} link
        LEFT JOIN {events} ON {events}.id = link.target_id AND {public}
        WHERE link.event_id = %s AND (link.target_id IS NULL OR {events}.id IS NOT NULL)
        ORDER BY link.position, link.id
    """  # noqa: S608
    return [
        RelatedLink(path, headline, context, _linked(target) if target[0] else None)
        for path, headline, context, *target in fetch(sql, [*params, event_id])
    ]


def what_happened_next(event, topic_ids: list[int], limit: int = WHAT_HAPPENED_NEXT_LIMIT):
    """Later public events sharing a topic with `event`, oldest first: one query, usually.

    Topic rows carry their event's date, so a topic's later events come out of one index in
    date order. If a topic's first `limit` later events are public, none of the answer comes
    after the last of them: the database reads only the index entries up to that day (the
    bound), however long the topics' histories. A second query looks past the bound only when
    the answer comes up short with a bound in place (non-public events among those), or empty.
    The queryset without the bound (the topics' later public events, first `limit`) took 116 ms
    against 8.3 ms on SQLite for the bench's event (as `topics_of`): it reads every later row.
    """
    if not topic_ids:
        return []
    rows = _next_rows(topic_ids, event.date, limit, bounded=True)
    bound_was_set = rows and rows[0][-1] is not None
    if len(rows) < limit and (not rows or bound_was_set):
        rows = _next_rows(topic_ids, event.date, limit, bounded=False)
    return [_linked(row[:4]) for row in rows]


def _next_rows(topic_ids: list[int], after: datetime.date, limit: int, *, bounded: bool):
    """(id, date, headline, slug, bound) of the first public events after `after` sharing
    a topic, read up to the bound (the earliest over the topics of the day of a topic's
    `limit`-th later event; NULL when no topic has that many) or, unbounded, to the end."""
    public, public_params = public_condition()
    events, tagged, topic = Event._meta.db_table, TaggedEvent._meta.db_table, Topic._meta.db_table
    after = date_parameter(after)
    marks = placeholders(topic_ids)
    bound = f"""(SELECT MIN(per_topic.day) FROM (
        SELECT (SELECT row.event_date FROM {tagged} row
                WHERE row.tag_id = t.id AND row.event_date > %s
                ORDER BY row.event_date LIMIT 1 OFFSET %s) AS day
        FROM {topic} t WHERE t.id IN ({marks})) per_topic)"""  # noqa: S608
    bound_params = [after, limit - 1, *topic_ids]

    def window(column: str) -> str:
        """After `after` and, bounded, up to the bound: of the events and of their rows."""
        up_to = f" AND {column} <= COALESCE({bound}, %s)" if bounded else ""
        return f"{column} > %s{up_to}"

    window_params = (
        [after, *bound_params, date_parameter(datetime.date.max)] if bounded else [after]
    )
    # The bound may count rows the public does not see: then it comes early, the answer
    # comes up short and the unbounded query runs. The answer counts only rows it sees.
    counts, counts_params = topic_row_counts("shared")
    # The window is stated on the events too (their topic rows carry the same date): without
    # it PostgreSQL walked every public event in date order from the archive's first day,
    # probing each one's topic rows (1,000,000 events: 5.0 s for an event of 1984).
    sql = f"""
        SELECT id, date, headline, slug, {bound if bounded else "NULL"} FROM {events}
        WHERE {public} AND {window("date")} AND id IN (
            SELECT shared.content_object_id FROM {tagged} shared
            WHERE shared.tag_id IN ({marks}) AND {window("shared.event_date")} AND {counts})
        ORDER BY date, position, id LIMIT %s
    """  # noqa: S608
    select_params = bound_params if bounded else []
    return fetch(
        sql,
        [
            *select_params,
            *public_params,
            *window_params,
            *topic_ids,
            *window_params,
            *counts_params,
            limit,
        ],
    )


def _linked(row) -> Event:
    """The event of a row of `LINKED_COLUMNS`: the same shape as every page's events."""
    event = Event.from_db("default", LINKED_COLUMNS, row)
    event.date = as_date(event.date)
    return event


def neighbouring_days(visible, day):
    """The nearest days before and after `day` with visible events (None: none that side):
    two seeks in the date index, whatever the archive's size or gaps."""
    dates = visible.order_by().values_list("date", flat=True)
    return (
        dates.filter(date__lt=day).order_by("-date").first(),
        dates.filter(date__gt=day).order_by("date").first(),
    )
