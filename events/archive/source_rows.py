"""An import's sources: new events' inserted, changed events' matched to what the file cites.

A changed file's sources follow the file (names, order, which addresses), but the source
ledger lives on the rows: link checks, the link's state and a snapshot this site captured. So
each address the file still cites keeps its row (matched by URL within the event, in order
when it is cited twice); only addresses the file no longer cites lose theirs.
"""

from collections import defaultdict, deque

from events.bulk import insert_rows
from sources.models import Source

SOURCE_FIELDS = [
    *("event", "position", "name", "url", "outlet", "snapshot_title", "snapshot_text"),
    *("counted", "counts_event"),
]
REWRITTEN_FIELDS = [
    "position",
    "name",
    "outlet",
    "snapshot_title",
    "snapshot_text",
    "snapshot_archived_at",
    "snapshot_final_url",
    "snapshot_digest",
]
BATCH_SIZE = 1000


def write_sources(items, ids, updated_ids, outlets: dict[str, int]) -> None:
    """Write the sources of `items` (their events' ids in `ids`), `outlets` by URL."""
    kept = _existing_by_address(updated_ids)
    new_rows, rewritten = [], []
    # A new event is published as it is imported: its sources count in their outlets, the
    # first of each outlet for the event too (events.models.outlet_flags). A changed event's
    # flags are set as the change settles.
    counting, updated = set(), set(updated_ids)
    for item, event_id in zip(items, ids, strict=True):
        for position, cited in enumerate(item.event.sources):
            outlet_id = outlets.get(cited.url)
            earlier = kept.get((event_id, cited.url))
            if earlier:
                source = earlier.popleft()
                _follow_file(source, position, cited, outlet_id)
                rewritten.append(source)
                continue
            counts = event_id not in updated
            first = counts and outlet_id is not None and (event_id, outlet_id) not in counting
            if first:
                counting.add((event_id, outlet_id))
            row = _new_row(event_id, position, cited, outlet_id)
            new_rows.append((*row, counts, first))
    dropped = [source.pk for left in kept.values() for source in left]
    if dropped:
        Source.objects.filter(pk__in_ids=dropped).delete()
    if rewritten:
        # The batch's caller purges these events' pages.
        Source.objects.bulk_update(rewritten, REWRITTEN_FIELDS, batch_size=BATCH_SIZE)
    insert_rows(Source, SOURCE_FIELDS, new_rows)


def _existing_by_address(event_ids) -> dict[tuple[int, str], deque]:
    if not event_ids:
        return {}
    by_address = defaultdict(deque)
    existing = Source.objects.filter(event_id__in_ids=event_ids).order_by(
        "event_id", "position", "pk"
    )
    for source in existing.only("pk", "event_id", "url", *REWRITTEN_FIELDS):
        by_address[(source.event_id, source.url)].append(source)
    return by_address


def _follow_file(source: Source, position: int, cited, outlet_id: int | None) -> None:
    """`source` as the file now cites it; its captured snapshot stays unless the file has one."""
    source.position, source.name, source.outlet_id = position, cited.name, outlet_id
    snapshot = cited.snapshot
    if snapshot is None:
        if not source.is_captured:  # the archive's own snapshot went with the file's
            source.snapshot_title = source.snapshot_text = ""
        return
    if (source.snapshot_title, source.snapshot_text) == (snapshot.title, snapshot.text):
        return  # the file carries the very snapshot (an export of a capture): details stay
    source.snapshot_title, source.snapshot_text = snapshot.title, snapshot.text
    # Now the archive's snapshot: no capture of ours.
    source.snapshot_archived_at, source.snapshot_final_url, source.snapshot_digest = None, "", ""


def _new_row(event_id: int, position: int, cited, outlet_id: int | None) -> tuple:
    snapshot = cited.snapshot
    return (
        event_id,
        position,
        cited.name,
        cited.url,
        outlet_id,
        snapshot.title if snapshot else "",
        snapshot.text if snapshot else "",
    )
