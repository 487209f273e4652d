"""Finding or creating topics by their exact names, in bulk."""

import datetime
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils.text import slugify

from .bulk import CHUNK, chunked, insert_rows
from .models import Event, TaggedEvent, Topic

FALLBACK_TOPIC_SLUG = "topic"
LOOKUP_BATCH = 500
TOPIC_ROW_FIELDS = ["content_object", "tag", "event_date"]


def topic_slug_base(name: str) -> str:
    return slugify(name, allow_unicode=True)[:240] or FALLBACK_TOPIC_SLUG


def topic_ids(names: Iterable[str], cache: dict[str, int] | None = None) -> dict[str, int]:
    """Map each name to its topic's id, creating missing topics (with unique slugs) at once.

    `cache` (name -> id) spares repeated lookups across the batches of one import.
    """
    cache = {} if cache is None else cache
    wanted = sorted(set(names) - set(cache))
    for start in range(0, len(wanted), LOOKUP_BATCH):
        batch = wanted[start : start + LOOKUP_BATCH]
        cache.update(Topic.objects.filter(name__in=batch).values_list("name", "id"))
    missing = [name for name in wanted if name not in cache]
    if missing:
        Topic.objects.bulk_create(_new_topics(missing))
        for start in range(0, len(missing), LOOKUP_BATCH):
            batch = missing[start : start + LOOKUP_BATCH]
            cache.update(Topic.objects.filter(name__in=batch).values_list("name", "id"))
    return cache


def _new_topics(names: list[str]) -> list[Topic]:
    bases = {name: topic_slug_base(name) for name in names}
    taken = set()
    base_values = sorted(set(bases.values()))
    for start in range(0, len(base_values), LOOKUP_BATCH):
        batch = base_values[start : start + LOOKUP_BATCH]
        taken.update(Topic.objects.filter(slug__in=batch).values_list("slug", flat=True))
    topics = []
    for name in names:
        slug = _free_slug(bases[name], taken)
        taken.add(slug)
        topics.append(Topic(name=name, slug=slug))
    return topics


def _free_slug(base: str, taken: set[str]) -> str:
    """`base`, else `base-2`, `base-3`, ... whichever is free here and in the database."""
    if base not in taken:
        return base
    n = 2
    while True:
        candidate = f"{base}-{n}"
        if candidate not in taken and not Topic.objects.filter(slug=candidate).exists():
            return candidate
        n += 1


def add_topics(
    pairs: Iterable[tuple[int, str]],
    cache: dict[str, int] | None = None,
    created: dict[int, datetime.date] | None = None,
) -> None:
    """Give events topics by name: `pairs` of (event id, topic name); existing pairs stay.

    `created`: events the caller's transaction created, with their dates. Their topic rows
    cannot exist yet, so they are inserted without a conflict check or a date lookup.
    Names that cannot be a topic (too long) are skipped; the importer warns about them.
    """
    limit = Topic._meta.get_field("name").max_length
    # Event ids by name: the names' strings held once each (a final link resolution gives
    # a few hundred thousand pairs; the import's peak memory is there).
    events_by_name: dict[str, list[int]] = {}
    for event_id, name in pairs:
        if len(name) <= limit:
            events_by_name.setdefault(name, []).append(event_id)
    if not events_by_name:
        return
    ids = topic_ids(events_by_name, cache)
    rows = sorted(
        {
            (event_id, ids[name])
            for name, event_ids in events_by_name.items()
            for event_id in event_ids
        }
    )
    del events_by_name
    created = created or {}
    fresh = [(event_id, tag_id) for event_id, tag_id in rows if event_id in created]
    if fresh:
        dated = ((event_id, tag_id, created[event_id]) for event_id, tag_id in fresh)
        insert_rows(TaggedEvent, TOPIC_ROW_FIELDS, dated)
    _insert_if_missing([(event_id, tag_id) for event_id, tag_id in rows if event_id not in created])


def _insert_if_missing(rows: list[tuple[int, int]]) -> None:
    """Insert the (event id, topic id) rows not there yet, each with its event's date."""
    if not rows:
        return
    with transaction.atomic():
        for chunk in chunked(rows, CHUNK):
            if connection.vendor == "postgresql":
                _insert_dated_by_database(chunk)
            else:
                # Rows in event order: each chunk looks up the dates of its own events only.
                dates = event_dates({event_id for event_id, _ in chunk})
                dated = [(event_id, tag_id, dates[event_id]) for event_id, tag_id in chunk]
                insert_rows(TaggedEvent, TOPIC_ROW_FIELDS, dated, ignore_conflicts=True)


def _insert_dated_by_database(rows: list[tuple[int, int]]) -> None:
    """PostgreSQL: the date comes from the event's row as the database inserts, no query first."""
    event_ids, tag_ids = zip(*rows, strict=True)
    with connection.cursor() as cursor:
        cursor.execute(_dated_insert_sql(), [list(event_ids), list(tag_ids)])


def _dated_insert_sql() -> str:
    """PostgreSQL: the rows of two arrays, each joined to its event for the date."""
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(TaggedEvent._meta.get_field(name).column) for name in TOPIC_ROW_FIELDS
    )
    event_id, tag_id = (
        TaggedEvent._meta.get_field(name).cast_db_type(connection) for name in TOPIC_ROW_FIELDS[:2]
    )
    event_pk, event_date = (quote(Event._meta.get_field(name).column) for name in ("id", "date"))
    return (
        f"INSERT INTO {quote(TaggedEvent._meta.db_table)} ({columns}) "  # noqa: S608
        f"SELECT pair.event_id, pair.tag_id, e.{event_date} "
        f"FROM unnest(%s::{event_id}[], %s::{tag_id}[]) AS pair(event_id, tag_id) "
        f"JOIN {quote(Event._meta.db_table)} e ON e.{event_pk} = pair.event_id "
        f"ORDER BY pair.event_id, pair.tag_id ON CONFLICT DO NOTHING"
    )


def event_dates(event_ids: set[int]) -> dict[int, datetime.date]:
    """Each event's date, which its topic rows carry (see TaggedEvent.event_date)."""
    wanted = sorted(event_ids)
    dates = {}
    for start in range(0, len(wanted), LOOKUP_BATCH):
        batch = wanted[start : start + LOOKUP_BATCH]
        dates.update(Event.objects.filter(pk__in=batch).values_list("pk", "date"))
    return dates
