"""The index of topics: those with visible events, with their counts, filtered by a few
letters of their name or by first letter, sorted by name or by number of events.

Hand-written statements (see `sql`): they take the caller's WHERE clause for visible events.
Counting every topic's events at once groups all the topic rows of the archive (some 750,000
for 100,000 events: seconds), so sorted by name a page counts the events of its own topics
only, and the total asks each topic for one visible event. Sorted by number of events there is
no way round counting them all: that order costs the grouped count (the front cache keeps it).
The same statements as querysets made the index's first page 2.4 s against 1.7 s on SQLite
(rows joined to their events; 3.8 s with the events as an IN subquery) in one process at load
average 17-20 on 2 cores, and `make bench-web BENCH_ARGS="--pages topics --rounds 3"` answered
0 req/s against 1 (PostgreSQL: 0 and 0; a request takes 3-4 s under that load).
"""

import string
from dataclasses import dataclass

from events.models import Event, TaggedEvent, Topic
from events.sql import fetch, placeholders, topic_row_counts

LETTERS = tuple(string.ascii_uppercase)
OTHER = "other"  # names starting with anything but A to Z: digits, accents, quotes
FIRST_CHARACTER = "UPPER(SUBSTR(t.name, 1, 1))"


@dataclass(frozen=True)
class TopicChoice:
    """What the reader asked for: a piece of the name, a first letter, an order."""

    name_contains: str = ""
    letter: str = ""
    by_events: bool = False


def like_pattern(text: str) -> str:
    """`50%` -> `%50\\%%`: the text anywhere, its own wildcards taken literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class TopicIndex:
    """Topics as Django's paginator reads them: a count, and pages of topics with `count`."""

    def __init__(self, visible: tuple[str, list], choice: TopicChoice, using="default"):
        visible_where, visible_params = visible
        # A topic row counts when its event is visible and, if a link gave it, the linking
        # event is public (events.models.shown_publicly).
        counts, counts_params = topic_row_counts("row", using)
        self.visible_where = f"{visible_where} AND {counts}"
        self.visible_params = [*visible_params, *counts_params]
        self.choice = choice
        self.using = using
        self.total = None

    def _conditions(self, *, with_letter: bool = True) -> tuple[str, list]:
        sql, params = [], []
        if self.choice.name_contains:
            sql.append("LOWER(t.name) LIKE %s ESCAPE '\\'")
            params.append(like_pattern(self.choice.name_contains))
        if with_letter and self.choice.letter == OTHER:
            sql.append(f"{FIRST_CHARACTER} NOT IN ({placeholders(LETTERS)})")
            params.extend(LETTERS)
        elif with_letter and self.choice.letter:
            sql.append(f"{FIRST_CHARACTER} = %s")
            params.append(self.choice.letter)
        return " AND ".join(sql) or "1 = 1", params

    def _has_visible_events(self) -> str:
        events, tagged = Event._meta.db_table, TaggedEvent._meta.db_table
        return f"""EXISTS (
            SELECT 1 FROM {tagged} row JOIN {events} ON {events}.id = row.content_object_id
            WHERE row.tag_id = t.id AND {self.visible_where})"""  # noqa: S608

    def count(self) -> int:
        if self.total is None:
            where, params = self._conditions()
            sql = f"""SELECT COUNT(*) FROM {Topic._meta.db_table} t
                      WHERE {where} AND {self._has_visible_events()}"""  # noqa: S608
            self.total = fetch(sql, [*params, *self.visible_params], self.using)[0][0]
        return self.total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[Topic]:
        start, stop = page.start or 0, page.stop
        if self.choice.by_events:
            return self._most_events_first(stop - start, start)
        where, params = self._conditions()
        sql = f"""
            SELECT t.id, t.name, t.slug FROM {Topic._meta.db_table} t
            WHERE {where} AND {self._has_visible_events()} ORDER BY t.name LIMIT %s OFFSET %s
        """  # noqa: S608 (names are unique: the name index gives the order)
        rows = fetch(sql, [*params, *self.visible_params, stop - start, start], self.using)
        counts = self._counts([pk for pk, _, _ in rows])
        return [_topic(pk, name, slug, counts.get(pk, 0)) for pk, name, slug in rows]

    def _most_events_first(self, limit: int, offset: int) -> list[Topic]:
        events, tagged = Event._meta.db_table, TaggedEvent._meta.db_table
        where, params = self._conditions()
        sql = f"""
            SELECT t.id, t.name, t.slug, COUNT(DISTINCT row.content_object_id) AS events
            FROM {Topic._meta.db_table} t
            JOIN {tagged} row ON row.tag_id = t.id
            JOIN {events} ON {events}.id = row.content_object_id
            WHERE {where} AND {self.visible_where}
            GROUP BY t.id, t.name, t.slug
            ORDER BY events DESC, t.name LIMIT %s OFFSET %s
        """  # noqa: S608
        rows = fetch(sql, [*params, *self.visible_params, limit, offset], self.using)
        return [_topic(*row) for row in rows]

    def _counts(self, topic_ids: list[int]) -> dict[int, int]:
        if not topic_ids:
            return {}
        events, tagged = Event._meta.db_table, TaggedEvent._meta.db_table
        sql = f"""
            SELECT row.tag_id, COUNT(DISTINCT row.content_object_id) FROM {tagged} row
            JOIN {events} ON {events}.id = row.content_object_id
            WHERE row.tag_id IN ({placeholders(topic_ids)}) AND {self.visible_where}
            GROUP BY row.tag_id
        """  # noqa: S608
        return dict(fetch(sql, [*topic_ids, *self.visible_params], self.using))

    def first_letters(self) -> set[str]:
        """The first letters (A to Z, or `OTHER`) of the topics the name filter leaves."""
        where, params = self._conditions(with_letter=False)
        sql = f"""SELECT DISTINCT {FIRST_CHARACTER} FROM {Topic._meta.db_table} t
                  WHERE {where} AND {self._has_visible_events()}"""  # noqa: S608
        found = {first for (first,) in fetch(sql, [*params, *self.visible_params], self.using)}
        return {first if first in LETTERS else OTHER for first in found}


def _topic(pk: int, name: str, slug: str, count: int) -> Topic:
    topic = Topic(pk=pk, name=name, slug=slug)
    topic.count = count
    return topic
