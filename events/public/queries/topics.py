"""A topic's page: its events, newest first (the index of topics is in `topic_index`)."""

from django.db.models import Count

from events.models import Event, TaggedEvent, Topic, carries_publicly
from events.models.topic_counts import not_yet_public, public_counts

from .listing import for_listing


def topics_most_seen_on(events):
    """The topics the public sees on `events` (ids, or a subquery of them) as rows of
    `tag_id`, `tag__name`, `tag__slug` and `count` (how many of the events carry it, a topic
    a link gave only while its giver is public), most first, then by name."""
    return (
        TaggedEvent.objects.shown_publicly()
        .filter(content_object__in=events)
        .values("tag_id", "tag__name", "tag__slug")
        .annotate(count=Count("pk"))
        .order_by("-count", "tag__name")
    )


class TopicTimeline:
    """A topic's public events, newest first, as Django's paginator reads them: a count (the
    topic's own) and pages. Each page walks the topic's rows by date, newest first
    (their index): the database reads the topic's rows up to the page, not the archive."""

    def __init__(self, visible, slug: str, now=None):
        self.topic = Topic.objects.using(visible.db).filter(slug=slug).first()
        # Its count is the topic's own (events.models.topic_counts), less its events not due
        # yet: no counting of its rows, however many.
        self.total = 0
        if self.topic:
            public_counts([self.topic], not_yet_public(now, visible.db))
            self.total = self.topic.count
        self.events = (
            for_listing(visible.filter(carries_publicly(self.topic.pk))).order_by(
                "-topic_rows__event_date", "position", "pk"
            )
            if self.topic
            else visible.none()
        )

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, page: slice) -> list[Event]:
        return list(self.events[page])
