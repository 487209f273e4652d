"""The topic pages: a topic's timeline (ORM), and the index of topics with their counts
(hand-written statements, see `sql`: the index takes the caller's WHERE clause)."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from events.models import Event, TaggedEvent, Topic, counts_publicly

from .listing import for_listing
from .sql import fetch, placeholders, topic_row_counts


class TopicTimeline:
    """A topic's visible events, newest first, as Django's paginator reads them: a count (read
    with the topic itself) and pages. Each page walks the topic's rows by date, newest first
    (their index). An event may hold the topic in several rows (its own, given by links), so
    a page is DISTINCT: the database reads the topic's rows up to the page, not the archive."""

    def __init__(self, visible, slug: str):
        # One filter() for the topic and the rows' giver: the same join. An event can have a
        # topic more than once (its own, and given by links), hence distinct.
        counted = (
            visible.filter(counts_publicly("topic_rows__"), topic_rows__tag=OuterRef("pk"))
            .order_by()
            .values("topic_rows__tag")
            .annotate(total=Count("pk", distinct=True))
            .values("total")
        )
        self.topic = (
            Topic.objects.using(visible.db)
            .filter(slug=slug)
            .annotate(total=Coalesce(Subquery(counted), 0))
            .first()
        )
        self.total = self.topic.total if self.topic else 0
        self.events = (
            for_listing(visible.filter(counts_publicly("topic_rows__"), topic_rows__tag=self.topic))
            .order_by("-topic_rows__event_date", "position", "pk")
            .distinct()
            if self.topic
            else visible.none()
        )

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, page: slice) -> list[Event]:
        return list(self.events[page])


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
        counts, _ = topic_row_counts("row", self.using)
        return f"""EXISTS (
            SELECT 1 FROM {tagged} row JOIN {events} ON {events}.id = row.content_object_id
            WHERE row.tag_id = t.id AND {self.where} AND {counts})"""  # noqa: S608

    @property
    def _visible_params(self) -> list:
        """The parameters of `_has_visible_events`."""
        return [*self.params, *topic_row_counts("row", self.using)[1]]

    def count(self) -> int:
        if self.total is None:
            sql = f"SELECT COUNT(*) FROM {Topic._meta.db_table} t WHERE {self._has_visible_events}"  # noqa: S608
            self.total = fetch(sql, self._visible_params, self.using)[0][0]
        return self.total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[Topic]:
        start, stop = page.start or 0, page.stop
        sql = f"""
            SELECT t.id, t.name, t.slug FROM {Topic._meta.db_table} t
            WHERE {self._has_visible_events} ORDER BY t.name LIMIT %s OFFSET %s
        """  # noqa: S608 (names are unique: the name index gives the order)
        params = [*self._visible_params, stop - start, start]
        topics = [
            Topic(pk=pk, name=name, slug=slug) for pk, name, slug in fetch(sql, params, self.using)
        ]
        counts = self._counts([topic.pk for topic in topics])
        for topic in topics:
            topic.count = counts.get(topic.pk, 0)
        return topics

    def _counts(self, topic_ids: list[int]) -> dict[int, int]:
        if not topic_ids:
            return {}
        events, tagged = Event._meta.db_table, TaggedEvent._meta.db_table
        counts, counts_params = topic_row_counts("row", self.using)
        sql = f"""
            SELECT row.tag_id, COUNT(DISTINCT row.content_object_id) FROM {tagged} row
            JOIN {events} ON {events}.id = row.content_object_id
            WHERE row.tag_id IN ({placeholders(topic_ids)}) AND {self.where} AND {counts}
            GROUP BY row.tag_id
        """  # noqa: S608
        return dict(fetch(sql, [*topic_ids, *self.params, *counts_params], self.using))
