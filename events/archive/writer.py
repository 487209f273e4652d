"""Write a batch of parsed archive events to the database in one transaction.

Set-based writes (multi-row INSERTs, one bulk UPDATE, one DELETE per table) keep an import of
100,000 files to a few thousand queries; per-object save() would be far too slow.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from events.bulk import chunked, commit_without_waiting_for_disk, insert_rows, reserved_ids
from events.changes import Run, writing
from events.models import Event, Related, TaggedEvent
from events.models.search import indexing_in_bulk
from events.models.topic_counts import counting_in_bulk
from events.topics import add_own_topics
from sources.models import Outlet

from .document import ArchiveEvent
from .source_rows import write_sources

# What an archive file says about an event, written on creation and on every change.
FILE_FIELDS = [
    "date",
    "slug",
    "position",
    "headline",
    "summary",
    "cover_image_url",
    "cover_position",
    "archive_digest",
]
# A new event's number of sources is written with it, as its sources are (source_rows): a
# changed event's is counted as the change settles.
NEW_EVENT_FIELDS = [*FILE_FIELDS, "status", "publish_at", "archive_path", "sources_count"]
# An import leaves an existing event's status alone: an editor's unpublish holds.
UPDATED_FIELDS = [*FILE_FIELDS, "updated_at", "lock_version"]
RELATED_FIELDS = ["event", "position", "target", "target_path", "target_headline", "context"]
BATCH_SIZE = 1000
# Link targets' paths asked for in one statement (SQLite's limit on parameters is far above).
PATHS_PER_STATEMENT = 500


@dataclass
class PreparedEvent:
    """A parsed, valid archive event on its way to the database."""

    archive_path: str
    digest: str
    position: int
    event: ArchiveEvent
    existing_id: int | None = None
    topic_names: list[str] = field(default_factory=list)


def write_batch(
    items: list[PreparedEvent],
    merged_ids: dict[str, int],
    topic_cache: dict[str, int],
    run: Run | None = None,
) -> dict[str, int]:
    """Create or update every item with its sources, related links and topics: one write
    (events.changes), one transaction; `run`: the import it is a step of.

    Links to events already in the database (or in the batch) are resolved as they are
    written; `merged_ids` maps the archive paths of events merged into others to the kept
    events' ids. Returns the paths and ids of the events written.
    """
    # The change settles inside `counting_in_bulk`: settling writes topic rows too.
    with transaction.atomic(), counting_in_bulk(), writing() as change, indexing_in_bulk():
        commit_without_waiting_for_disk()  # a re-run redoes what a server crash would lose
        change.topic_cache, change.run = topic_cache, run
        updated_ids = [item.existing_id for item in items if item.existing_id]
        change.sources_of(updated_ids)  # their files may cite other sources
        ids = _save_events(items)
        created = set(ids) - set(updated_ids)
        change.created(created)
        # Their own rows (add_own_topics), the rows gifts give them (as the change settles)
        # and their sources are all written here, each flagged as it counts.
        change.rows_flagged_for(created)
        if updated_ids:
            # Their links and own topics follow the file: replaced wholesale (the topics other
            # events' links give them come back with those links). Their sources keep their
            # rows (and ledger) where the file still cites the address.
            Related.objects.filter(event_id__in_ids=updated_ids).delete()
            TaggedEvent.objects.filter(content_object_id__in_ids=updated_ids).delete()
        urls = (source.url for item in items for source in item.event.sources)
        write_sources(items, ids, updated_ids, Outlet.objects.ids_for_urls(urls))
        written = {item.archive_path: event_id for item, event_id in zip(items, ids, strict=True)}
        targets = _link_targets(items, written, merged_ids)
        insert_rows(Related, RELATED_FIELDS, _related(items, ids, targets))
        add_own_topics(_own_topics(items, ids), topic_cache)
        # Their links are new: the topics they give their targets are redone as the change
        # settles.
        change.links_of(ids)
    return written


def _save_events(items: list[PreparedEvent]) -> list[int]:
    """Insert the new events and update the changed ones; their ids in `items` order."""
    new_ids = _insert_new_events([item for item in items if not item.existing_id])
    now = timezone.now()
    changed = [_changed_event(item, now) for item in items if item.existing_id]
    if changed:
        Event.objects.bulk_update(changed, UPDATED_FIELDS, batch_size=BATCH_SIZE)
    return [item.existing_id or new_ids[item.archive_path] for item in items]


def _insert_new_events(new: list[PreparedEvent]) -> dict[str, int]:
    """Insert the new events: their ids by archive path."""
    if not new:
        return {}
    if connection.vendor == "postgresql":
        # Ids taken from the sequence first: no query afterwards to find what they became.
        ids = reserved_ids(Event, len(new))
        rows = ((event_id, *_new_event_row(item)) for event_id, item in zip(ids, new, strict=True))
        insert_rows(Event, ["id", *NEW_EVENT_FIELDS], rows)
        return {item.archive_path: event_id for event_id, item in zip(ids, new, strict=True)}
    insert_rows(Event, NEW_EVENT_FIELDS, (_new_event_row(item) for item in new))
    paths = [item.archive_path for item in new]
    return dict(Event.objects.filter(archive_path__in=paths).values_list("archive_path", "id"))


def _new_event_row(item: PreparedEvent) -> tuple:
    event = item.event
    return (
        event.date,
        event.slug,
        item.position,
        event.headline,
        event.summary,
        event.cover_url,
        event.cover_position,
        item.digest,
        Event.Status.PUBLISHED,
        timezone.now(),  # public from its import on (see Event.settle_publish_time)
        item.archive_path,
        len(event.sources),
    )


def _changed_event(item: PreparedEvent, now) -> Event:
    event = item.event
    return Event(
        pk=item.existing_id,
        date=event.date,
        slug=event.slug,
        position=item.position,
        headline=event.headline,
        summary=event.summary,
        cover_image_url=event.cover_url,
        cover_position=event.cover_position,
        archive_digest=item.digest,
        updated_at=now,
        # An editor with the event open must not silently overwrite what the import changed.
        lock_version=F("lock_version") + 1,
    )


def _link_targets(items, written: dict[str, int], merged_ids: dict[str, int]) -> dict[str, int]:
    """The ids of the events the items' links name, by archive path: written with them, read
    from the database (its archive path index, a statement per PATHS_PER_STATEMENT), or the
    kept events of merged ones. Read per batch rather than kept in memory for the whole
    import: a million events' paths held 170 MB."""
    paths = {link.path for item in items for link in item.event.related} - written.keys()
    targets = {}
    for chunk in chunked(sorted(paths), PATHS_PER_STATEMENT):
        rows = Event.objects.filter(archive_path__in=chunk).values_list("archive_path", "id")
        targets.update(rows)
    for path in paths - targets.keys():
        if path in merged_ids:
            targets[path] = merged_ids[path]
    return targets | written


def _related(items, ids, targets: dict[str, int]):
    for item, event_id in zip(items, ids, strict=True):
        for position, link in enumerate(item.event.related):
            target_id = targets.get(link.path)
            yield (event_id, position, target_id, link.path, link.headline, link.context)


def _own_topics(items, ids) -> list[tuple[int, str]]:
    """An event carries every context of its Related list as its own topic."""
    return [
        (event_id, name)
        for item, event_id in zip(items, ids, strict=True)
        for name in item.topic_names
    ]
