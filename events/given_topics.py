"""The topics related links give the events they link to, kept in step with the links.

A related link's line names topics (its context); the event it links to gets them, given by
the linking event (`GivenTopic`), and has one topic row for each (`TaggedEvent`), its own or
not. `refresh(givers)` makes the givers' gifts what their resolved links say now (and
`give_links(links)` adds the gifts of links just resolved, all a resolution changes), and
`rows_follow(events)` makes the events' rows their own topics and those given to them, at
most MOST_TOPICS in all. events.changes runs both when it settles a write, so no write has to
remember them.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import BooleanField, ExpressionWrapper

from .bulk import chunked, insert_rows
from .models import MOST_TOPICS, GivenTopic, Related, TaggedEvent, Topic, split_context
from .models.public import will_be_public
from .topics import event_facts, topic_ids

BATCH = 2000
GIFT_FIELDS = ["event", "topic", "given_by"]
GIVEN_ROW_FIELDS = ["content_object", "tag", "event_date", "own", "counted"]
NAME_LIMIT = Topic._meta.get_field("name").max_length


def refresh(
    giver_ids: Iterable[int], topic_cache: dict[str, int] | None = None
) -> tuple[set[tuple], set[tuple]]:
    """Make the topics these events give what their resolved links say. Returns the gifts
    added and those taken away, as (event, topic, giver)."""
    added: set[tuple] = set()
    removed: set[tuple] = set()
    for givers in chunked(sorted(set(giver_ids)), BATCH):
        wanted = _wanted_gifts(givers, topic_cache)
        existing = dict(_gifts_of(givers))
        stale = {gift: pk for gift, pk in existing.items() if gift not in wanted}
        new = wanted - existing.keys()
        GivenTopic.objects.filter(pk__in_ids=list(stale.values())).delete()
        insert_rows(GivenTopic, GIFT_FIELDS, sorted(new))
        added |= new
        removed |= stale.keys()
    return added, removed


def give_links(
    link_ids: Iterable[int], topic_cache: dict[str, int] | None = None
) -> tuple[set[tuple], set[int]]:
    """These links just found their targets: the gifts they add, and the events linking."""
    added: set[tuple] = set()
    givers: set[int] = set()
    for links in chunked(sorted(set(link_ids)), BATCH):
        rows = Related.objects.filter(pk__in_ids=links, target__isnull=False)
        new = _named_gifts(rows.values_list("event_id", "target_id", "context"), topic_cache)
        insert_rows(GivenTopic, GIFT_FIELDS, sorted(new), ignore_conflicts=True)
        added |= new
        givers |= set(rows.values_list("event_id", flat=True))
    return added, givers


def _wanted_gifts(givers: list[int], topic_cache) -> set[tuple]:
    links = Related.objects.filter(event_id__in_ids=givers, target__isnull=False).values_list(
        "event_id", "target_id", "context"
    )
    return _named_gifts(links, topic_cache)


def _named_gifts(links, topic_cache) -> set[tuple]:
    """(target, topic, giver) for (giver, target, context) links, topics made where new."""
    named = {
        (target_id, name, giver_id)
        for giver_id, target_id, context in links
        for name in split_context(context)
        if len(name) <= NAME_LIMIT  # longer names cannot be topics; the importer warns
    }
    ids = topic_ids((name for _, name, _ in named), topic_cache)
    return {(target_id, ids[name], giver_id) for target_id, name, giver_id in named}


def _gifts_of(givers: list[int]):
    rows = GivenTopic.objects.filter(given_by_id__in_ids=givers)
    for pk, *gift in rows.values_list("pk", "event_id", "topic_id", "given_by_id"):
        yield tuple(gift), pk


def rows_follow(event_ids: Iterable[int]) -> None:
    """Each event's topic rows: its own, then the topics given to it, by name, MOST_TOPICS in
    all: the same rows whatever order the links came in. Rows given no more go."""
    for events in chunked(sorted(set(event_ids)), BATCH):
        own: dict[int, set[int]] = defaultdict(set)
        given_rows: dict[tuple[int, int], int] = {}
        rows = TaggedEvent.objects.filter(content_object_id__in_ids=events)
        for pk, event_id, topic_id, is_own in rows.values_list(
            "pk", "content_object_id", "tag_id", "own"
        ):
            if is_own:
                own[event_id].add(topic_id)
            else:
                given_rows[(event_id, topic_id)] = pk
        wanted, counting = _given_within_cap(events, own)
        stale = [pk for pair, pk in given_rows.items() if pair not in wanted]
        TaggedEvent.objects.filter(pk__in_ids=stale).delete()
        _insert_given(sorted(wanted - given_rows.keys()), counting)


def _given_within_cap(events: list[int], own: dict[int, set[int]]) -> tuple[set, set]:
    """(event, topic) for the topics given to `events` that fit beside their own, by name
    (names read only for the events given more than fit); and those given by an event that
    is public or will be (their rows count: TaggedEvent.counted)."""
    given: dict[int, set[int]] = defaultdict(set)
    counting = set()
    giver_counts = ExpressionWrapper(will_be_public("given_by__"), output_field=BooleanField())
    gifts = GivenTopic.objects.filter(event_id__in_ids=events).annotate(giver_counts=giver_counts)
    for event_id, topic_id, counts in gifts.values_list("event_id", "topic_id", "giver_counts"):
        if topic_id not in own[event_id]:
            given[event_id].add(topic_id)
            if counts:
                counting.add((event_id, topic_id))
    room = {event_id: max(MOST_TOPICS - len(own[event_id]), 0) for event_id in given}
    crowded = {event_id for event_id, topics in given.items() if len(topics) > room[event_id]}
    names = _names({topic_id for event_id in crowded for topic_id in given[event_id]})
    wanted = set()
    for event_id, topics in given.items():
        if event_id in crowded:
            topics = sorted(topics, key=lambda topic_id: (names[topic_id], topic_id))
            topics = topics[: room[event_id]]
        wanted |= {(event_id, topic_id) for topic_id in topics}
    return wanted, counting


def _names(topic_ids: set[int]) -> dict[int, str]:
    if not topic_ids:
        return {}
    return dict(Topic.objects.filter(pk__in_ids=topic_ids).values_list("pk", "name"))


def _insert_given(pairs: list[tuple[int, int]], counting: set[tuple[int, int]]) -> None:
    """Insert these given rows, each counting when its event and one of its givers do."""
    if pairs:
        facts = event_facts({event_id for event_id, _ in pairs})
        rows = []
        for event_id, topic_id in pairs:
            date, counts = facts[event_id]
            counted = counts and (event_id, topic_id) in counting
            rows.append((event_id, topic_id, date, False, counted))
        insert_rows(TaggedEvent, GIVEN_ROW_FIELDS, rows)
