"""The public events as dump records, in the archive's order (date, position, id).

Read a chunk at a time: a chunk of events, then the sources and topics of those events only,
so memory holds one chunk whatever the size of the archive.
"""

from collections import defaultdict
from collections.abc import Iterator

from django.db.models import BooleanField, ExpressionWrapper, Q

from sources.models import Source

from ..models import PUBLISHED_COLUMNS, Event, TaggedEvent
from ..paths import event_path

CHUNK = 2000
# The same columns the read API gives of an event: a dump is the API in bulk.
COLUMNS = PUBLISHED_COLUMNS


def public_records(chunk: int = CHUNK) -> Iterator[dict]:
    """Every public event as a record: its fields, its page's path, topics and sources."""
    events = Event.objects.published().order_by("date", "position", "id")
    last = None
    while True:
        page = events.filter(_after(last)) if last else events
        rows = list(page.values_list(*COLUMNS)[:chunk])
        if not rows:
            return
        yield from _records(rows)
        last = rows[-1]


def _after(last) -> Q:
    """Rows after `last` in (date, position, id) order: a keyset, so each chunk reads only
    its own rows however deep into the archive it is."""
    pk, date, position = last[0], last[1], last[2]
    return (
        Q(date__gt=date)
        | Q(date=date, position__gt=position)
        | Q(date=date, position=position, id__gt=pk)
    )


def _records(rows) -> Iterator[dict]:
    ids = [row[0] for row in rows]
    topics, sources = _topics_of(ids), _sources_of(ids)
    for row in rows:
        fields = dict(zip(COLUMNS, row, strict=True))
        pk, date = fields["id"], fields["date"]
        yield {
            "id": pk,
            "date": date.isoformat(),
            "position": fields["position"],
            "slug": fields["slug"],
            "headline": fields["headline"],
            "summary": fields["summary"],
            "cover_image_url": fields["cover_image_url"] or None,
            "path": event_path(date, fields["slug"]),
            "published_at": fields["publish_at"].isoformat(),
            # The API's last change (events.models.event.LAST_CHANGE).
            "updated_at": max(fields["updated_at"], fields["publish_at"]).isoformat(),
            "topics": topics[pk],
            "sources": sources[pk],
        }


def _topics_of(ids) -> dict[int, list[dict]]:
    """Each event's topics as the public sees them (its own, and those a public event's link
    gave: events.models.topic.shown_publicly), by name."""
    found = defaultdict(list)
    rows = (
        TaggedEvent.objects.shown_publicly()
        .filter(content_object_id__in=ids)
        .order_by("tag__name", "tag_id")
        .values_list("content_object_id", "tag__name", "tag__slug")
    )
    for event_id, name, slug in rows:
        found[event_id].append({"name": name, "slug": slug})
    return found


def _sources_of(ids) -> dict[int, list[dict]]:
    """Sources in order, each saying whether it has a snapshot (the text itself stays out:
    whole articles would make the dump many times larger)."""
    found = defaultdict(list)
    has_snapshot = ~Q(snapshot_title="") | ~Q(snapshot_text="")
    rows = (
        Source.objects.filter(event_id__in=ids)
        .annotate(snapshot=ExpressionWrapper(has_snapshot, output_field=BooleanField()))
        .order_by("event_id", "position", "id")
        .values_list("event_id", "name", "url", "snapshot")
    )
    for event_id, name, url, snapshot in rows:
        found[event_id].append({"outlet": name, "url": url, "has_snapshot": bool(snapshot)})
    return found
