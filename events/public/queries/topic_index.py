"""The index of topics: those with public events, with their counts, filtered by a few
letters of their name or by first letter, sorted by name or by number of events.

Counts are the topics' own (`Topic.public_count`, kept by events.changes and the database,
less the events not due yet: events.models.topic_counts), so a page reads its topics from
an index of names or of counts and counts no rows: the archive's size does not matter.
"""

import string
from dataclasses import dataclass

from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When
from django.db.models.functions import Substr, Upper

from events.models.topic import SortName, TaggedEvent, Topic
from events.models.topic_counts import public_counts, shown_topics

LETTERS = tuple(string.ascii_uppercase)
OTHER = "other"  # names starting with anything but A to Z: digits, accents, quotes


@dataclass(frozen=True)
class TopicChoice:
    """What the reader asked for: a piece of the name, a first letter, an order."""

    name_contains: str = ""
    letter: str = ""
    by_events: bool = True

    @property
    def is_default(self) -> bool:
        """Every topic, most active first: the index as it opens."""
        return not (self.name_contains or self.letter or not self.by_events)


class TopicIndex:
    """Topics as Django's paginator reads them: a count, and pages of topics with `count`."""

    def __init__(self, choice: TopicChoice, now=None, using="default"):
        self.choice = choice
        shown, self.not_yet = shown_topics(now, using)
        # A to Z whatever the case and leading punctuation; digits before letters.
        self.name_order = [SortName("name"), "name"]
        if choice.name_contains:
            shown = shown.filter(name__icontains=choice.name_contains)
            # The name itself first, then names starting with it ("Syria" before
            # "Ba'athist Syria"), then the rest.
            text = choice.name_contains
            closeness = Case(
                When(name__iexact=text, then=Value(0)),
                When(name__istartswith=text, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
            shown = shown.annotate(closeness=closeness)
            self.name_order = ["closeness", *self.name_order]
        self.named = shown.annotate(first=Upper(Substr(SortName("name"), 1, 1)))
        self.topics = self.named
        if choice.letter == OTHER:
            self.topics = self.named.exclude(first__in=LETTERS)
        elif choice.letter:
            self.topics = self.named.filter(first=choice.letter)
        self.total = None

    def count(self) -> int:
        if self.total is None:
            self.total = self.topics.count()
        return self.total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list:
        return carried_publicly_now(self.page(page))

    def page(self, page: slice) -> list:
        start, stop = page.start or 0, page.stop
        fields = ("name", "slug", "public_count")
        if not self.choice.by_events:
            found = list(self.topics.only(*fields).order_by(*self.name_order)[start:stop])
            public_counts(found, self.not_yet)
            return found
        # By number of events: the stored counts' order, but for topics with events not due
        # yet, whose counts are lower now. Those can only move down, so the page is among
        # the first `stop` topics and them.
        closest = ["closeness"] if self.choice.name_contains else []
        ordered = self.topics.only(*fields).order_by(*closest, "-public_count", "name")
        if not self.not_yet:
            found = list(ordered[start:stop])
            public_counts(found, self.not_yet)
            return found
        found = {topic.pk: topic for topic in ordered[: stop + len(self.not_yet)]}
        found.update((topic.pk, topic) for topic in ordered.filter(pk__in=self.not_yet))
        topics = list(found.values())
        public_counts(topics, self.not_yet)
        return sorted(
            topics,
            key=lambda topic: (getattr(topic, "closeness", 0), -topic.count, topic.name),
        )[start:stop]

    def first_letters(self) -> set[str]:
        """The first letters (A to Z, or `OTHER`) of the topics the name filter leaves."""
        found = set(self.named.order_by().values_list("first", flat=True).distinct())
        return {first if first in LETTERS else OTHER for first in found}


def carried_publicly_now(topics: list) -> list:
    """The topics of a page that a public event carries as the page is read. Stored counts
    are derived by the writes; a raw `update(status=...)` derives nothing, yet must hide a
    draft's topic (even its name) at once. One statement over the page's topics, each asking
    whether one public row exists: it stops at the first of a topic's rows (by the topic's
    index) instead of reading all of them (a topic of tens of thousands of events: 10,000
    skewed events, /topics/?sort=events from 1,773 ms to 101 ms on SQLite, under load)."""
    ids = [topic.pk for topic in topics]
    public_row = TaggedEvent.objects.of_public_events().filter(tag=OuterRef("pk"))
    carried = set(Topic.objects.filter(Exists(public_row), pk__in=ids).values_list("pk", flat=True))
    return [topic for topic in topics if topic.pk in carried]
