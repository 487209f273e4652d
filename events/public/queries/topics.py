"""The topic pages: a topic's timeline, and the index of topics with their counts.

Hand-written statements (see `sql`); which events are visible is the caller's WHERE clause.
"""

from events.models import Event, TaggedEvent, Topic

from .listing import LISTED_COLUMNS, ListedEvent
from .sql import fetch, placeholders


class TopicTimeline:
    """A topic's visible events, newest first, as Django's paginator reads them: a count (read
    with the topic itself) and pages. Each page walks the topic's rows by date, newest first,
    and stops after the page instead of sorting every event of the topic."""

    def __init__(self, visible: tuple[str, list], slug: str, using="default"):
        self.where, self.params = visible
        self.using = using
        self.topic, self.total = self._topic_and_count(slug)

    def _topic_and_count(self, slug: str) -> tuple[Topic | None, int]:
        sql = f"""
            SELECT t.id, t.name, t.slug, (
                SELECT COUNT(*) FROM {self._from} WHERE row.tag_id = t.id AND {self.where})
            FROM {Topic._meta.db_table} t WHERE t.slug = %s
        """  # noqa: S608
        rows = fetch(sql, [*self.params, slug], self.using)
        if not rows:
            return None, 0
        pk, name, found_slug, total = rows[0]
        return Topic(pk=pk, name=name, slug=found_slug), total

    @property
    def _from(self) -> str:
        # The events table joins under its own name, which the visible condition uses.
        events = Event._meta.db_table
        tagged = TaggedEvent._meta.db_table
        return f"{tagged} row JOIN {events} ON {events}.id = row.content_object_id"

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, page: slice) -> list[ListedEvent]:
        columns = ", ".join(f"{Event._meta.db_table}.{name}" for name in LISTED_COLUMNS)
        sql = f"""
            SELECT {columns} FROM {self._from} WHERE row.tag_id = %s AND {self.where}
            ORDER BY row.event_date DESC, {Event._meta.db_table}.position, row.content_object_id
            LIMIT %s OFFSET %s
        """  # noqa: S608
        start, stop = page.start or 0, page.stop
        params = [self.topic.pk, *self.params, stop - start, start]
        return [ListedEvent(row) for row in fetch(sql, params, self.using)]


class TopicIndex:
    """Topics that have visible events, alphabetically, each with its number of them, as
    Django's paginator reads them: a count, and pages.

    Counting every topic's events at once groups all the topic rows of the archive (some
    750,000 for 100,000 events: seconds). Instead the count asks each topic for one visible
    event, and a page counts the events of its own topics only: each reads the index of topic
    rows (tag, event date, event) for its topics and nothing else.
    """

    def __init__(self, visible: tuple[str, list], using="default"):
        self.where, self.params = visible
        self.using = using
        self.total = None

    @property
    def _has_visible_events(self) -> str:
        events, tagged = Event._meta.db_table, TaggedEvent._meta.db_table
        return f"""EXISTS (
            SELECT 1 FROM {tagged} row JOIN {events} ON {events}.id = row.content_object_id
            WHERE row.tag_id = t.id AND {self.where})"""  # noqa: S608

    def count(self) -> int:
        if self.total is None:
            sql = f"SELECT COUNT(*) FROM {Topic._meta.db_table} t WHERE {self._has_visible_events}"  # noqa: S608
            self.total = fetch(sql, self.params, self.using)[0][0]
        return self.total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[Topic]:
        start, stop = page.start or 0, page.stop
        sql = f"""
            SELECT t.id, t.name, t.slug FROM {Topic._meta.db_table} t
            WHERE {self._has_visible_events} ORDER BY t.name LIMIT %s OFFSET %s
        """  # noqa: S608 (names are unique: the name index gives the order)
        topics = [
            Topic(pk=pk, name=name, slug=slug)
            for pk, name, slug in fetch(sql, [*self.params, stop - start, start], self.using)
        ]
        counts = self._counts([topic.pk for topic in topics])
        for topic in topics:
            topic.count = counts.get(topic.pk, 0)
        return topics

    def _counts(self, topic_ids: list[int]) -> dict[int, int]:
        if not topic_ids:
            return {}
        events, tagged = Event._meta.db_table, TaggedEvent._meta.db_table
        sql = f"""
            SELECT row.tag_id, COUNT(*) FROM {tagged} row
            JOIN {events} ON {events}.id = row.content_object_id
            WHERE row.tag_id IN ({placeholders(topic_ids)}) AND {self.where}
            GROUP BY row.tag_id
        """  # noqa: S608
        return dict(fetch(sql, [*topic_ids, *self.params], self.using))
