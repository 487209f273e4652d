"""The topics related links give the events they link to, kept in step with the links.

A related link's line names topics (its context); the event it links to gets them, given by
the linking event (`GivenTopic`), and has one topic row for each (`TaggedEvent`), its own or
not. `refresh(givers)` makes the givers' gifts what their resolved links say now; the rows
follow: `give_rows` for gifts added, `drop_orphans` for gifts taken away, `sync_rows` for
events whose own rows changed. events.changes runs them when it settles a write, so no write
has to remember them.
"""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef

from .bulk import chunked, insert_rows
from .models import GivenTopic, Related, TaggedEvent, Topic, split_context
from .topics import event_dates, topic_ids

BATCH = 2000
GIFT_FIELDS = ["event", "topic", "given_by"]
GIVEN_ROW_FIELDS = ["content_object", "tag", "event_date", "own"]
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
        GivenTopic.objects.filter(pk__in=list(stale.values())).delete()
        insert_rows(GivenTopic, GIFT_FIELDS, sorted(new))
        added |= new
        removed |= stale.keys()
    return added, removed


def _wanted_gifts(givers: list[int], topic_cache) -> set[tuple]:
    links = Related.objects.filter(event_id__in=givers, target__isnull=False).values_list(
        "event_id", "target_id", "context"
    )
    named = {
        (target_id, name, giver_id)
        for giver_id, target_id, context in links
        for name in split_context(context)
        if len(name) <= NAME_LIMIT  # longer names cannot be topics; the importer warns
    }
    ids = topic_ids((name for _, name, _ in named), topic_cache)
    return {(target_id, ids[name], giver_id) for target_id, name, giver_id in named}


def _gifts_of(givers: list[int]):
    rows = GivenTopic.objects.filter(given_by_id__in=givers)
    for pk, *gift in rows.values_list("pk", "event_id", "topic_id", "given_by_id"):
        yield tuple(gift), pk


def give_rows(pairs: Iterable[tuple[int, int]]) -> None:
    """(event, topic) given: each event has a row for the topic, its own or not."""
    pairs = sorted(set(pairs))
    if pairs:
        dates = event_dates({event_id for event_id, _ in pairs})
        rows = [(event_id, topic_id, dates[event_id], False) for event_id, topic_id in pairs]
        insert_rows(TaggedEvent, GIVEN_ROW_FIELDS, rows, ignore_conflicts=True)


def drop_orphans(event_ids: Iterable[int]) -> None:
    """These events lose the rows that are neither their own nor given any more."""
    for events in chunked(sorted(set(event_ids)), BATCH):
        given = GivenTopic.objects.filter(event=OuterRef("content_object"), topic=OuterRef("tag"))
        orphans = TaggedEvent.objects.filter(content_object_id__in=events, own=False)
        orphans.exclude(Exists(given)).delete()


def sync_rows(event_ids: Iterable[int]) -> None:
    """Each event gets a topic row for every topic given to it, and loses the rows that are
    neither its own nor given any more (its own rows changed)."""
    event_ids = set(event_ids)
    for events in chunked(sorted(event_ids), BATCH):
        given = GivenTopic.objects.filter(event_id__in=events)
        give_rows(given.values_list("event_id", "topic_id").distinct())
    drop_orphans(event_ids)
