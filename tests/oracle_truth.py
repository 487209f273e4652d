"""Ground truth for the write oracle (tests/test_write_oracle.py), recomputed from primary
data only.

Primary data: the event rows (status, publish time, date, slug), each event's own topics,
the related links (linking event, target, context), the topics' names and slugs, and the
sources' addresses with the outlets' merges. Everything derived (topic rows given by links,
counts, change times) is read through HTTP and compared with what follows from these.

`own_topics_by_event` is the one place that reads the topic-row table: its design is changing,
and only that function should need to follow it.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from events.models import Event, Related, TaggedEvent, Topic, split_context
from sources.domains import registrable_domain
from sources.models import Outlet, Source


def own_topics_by_event() -> dict[int, list[str]]:
    """Each event's own topics (an editor's, or its own related lines' contexts), by name.

    The rows marked `own`. The only read of the topic-row table in the oracle.
    """
    rows = (
        TaggedEvent.objects.filter(own=True)
        .order_by("content_object_id", "position", "tag__name")
        .values_list("content_object_id", "tag__name")
    )
    own: dict[int, list[str]] = defaultdict(list)
    for event_id, name in rows:
        own[event_id].append(name)
    return dict(own)


@dataclass(frozen=True)
class EventRow:
    pk: int
    date: datetime.date
    slug: str
    headline: str
    status: str
    publish_at: datetime.datetime | None


@dataclass(frozen=True)
class Link:
    event_id: int
    target_id: int | None
    context: str


class Truth:
    """The archive as primary data says it is now, and what follows from it."""

    def __init__(self):
        self.events = {
            row.pk: row
            for row in (
                EventRow(*values)
                for values in Event.objects.values_list(
                    "pk", "date", "slug", "headline", "status", "publish_at"
                )
            )
        }
        # Public: the one definition, Event.objects.published(), at the frozen clock's now.
        self.public = set(Event.objects.published().values_list("pk", flat=True))
        self.own = own_topics_by_event()
        self.links = [
            Link(*values)
            for values in Related.objects.values_list("event_id", "target_id", "context")
        ]
        self.topic_slugs = dict(Topic.objects.values_list("name", "slug"))
        merges = dict(
            Outlet.objects.filter(merged_into__isnull=False).values_list(
                "domain", "merged_into__domain"
            )
        )
        self.source_outlets = [
            (event_id, current_outlet(url, merges))
            for event_id, url in Source.objects.values_list("event_id", "url")
        ]

    # Topics -------------------------------------------------------------------------------

    def given(self, event_id: int, *, public_givers_only: bool) -> set[str]:
        """Topic names the related links pointing at `event_id` give it."""
        names = set()
        for link in self.links:
            if link.target_id != event_id:
                continue
            if public_givers_only and link.event_id not in self.public:
                continue
            names.update(split_context(link.context))
        return names & self.topic_slugs.keys()

    def public_topics(self, event_id: int) -> set[str]:
        """What the public sees of a public event's topics: its own, and those its public
        linking events give it."""
        return set(self.own.get(event_id, ())) | self.given(event_id, public_givers_only=True)

    def carried_topics(self, event_id: int) -> set[str]:
        """What editors see: its own, and those any link gives it, whatever the giver's status."""
        return set(self.own.get(event_id, ())) | self.given(event_id, public_givers_only=False)

    def public_topic_counts(self) -> Counter:
        """Topic name -> public events showing it."""
        return Counter(name for pk in self.public for name in self.public_topics(pk))

    def admin_topic_counts(self) -> Counter:
        """Topic name -> events of any status carrying it (own or given)."""
        return Counter(name for pk in self.events for name in self.carried_topics(pk))

    def co_topic_counts(self, name: str) -> Counter:
        """Other topic -> public events showing both it and `name`."""
        together = Counter()
        for pk in self.public:
            topics = self.public_topics(pk)
            if name in topics:
                together.update(topics - {name})
        return together

    # Outlets and days ---------------------------------------------------------------------

    def outlet_counts(self) -> dict[str, tuple[int, int]]:
        """Outlet domain -> (public events citing it, their sources from it)."""
        events, sources = defaultdict(set), Counter()
        for event_id, domain in self.source_outlets:
            if event_id in self.public and domain:
                events[domain].add(event_id)
                sources[domain] += 1
        return {domain: (len(ids), sources[domain]) for domain, ids in events.items()}

    def day_counts(self) -> Counter:
        return Counter(self.events[pk].date for pk in self.public)

    def without_sources(self) -> set[int]:
        """Events of any status citing no source (the desk's list, the changelist's filter)."""
        return set(self.events) - {event_id for event_id, _ in self.source_outlets}


def current_outlet(url: str, merges: dict[str, str]) -> str:
    """The outlet a source's address belongs to: its registrable domain, followed through
    the merges editors made (`merges`: merged domain -> the domain it joined)."""
    domain = registrable_domain(url)
    seen = set()
    while domain in merges and domain not in seen:
        seen.add(domain)
        domain = merges[domain]
    return domain
