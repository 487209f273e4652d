"""Finding or creating topics by their exact names, in bulk."""

import datetime
from collections import ChainMap
from collections.abc import Iterable, Mapping, Set

from django.db import transaction
from django.utils.text import slugify

from events.archive.bulk import CHUNK, chunked, insert_rows

from .http_cache import keys as surrogate_keys
from .http_cache.purge import request_purge
from .models import Event, TaggedEvent, Topic

FALLBACK_TOPIC_SLUG = "topic"
LOOKUP_BATCH = 500
TOPIC_ROW_FIELDS = ["content_object", "tag", "event_date", "given_by"]


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
    pairs: Iterable[tuple[int, str, int | None]],
    cache: dict[str, int] | None = None,
    *,
    dates: Mapping[int, datetime.date] | None = None,
    created: Set[int] = frozenset(),
) -> None:
    """Give events topics by name: (event id, topic name, giver) triples, the giver being the
    event whose related link gives the topic, or None for the event's own; existing rows stay.

    The rows carry their event's date (see TaggedEvent.event_date): from `dates` where the
    caller knows it, else from the database. `created`: events the caller's transaction
    created; their rows cannot exist yet, so they go in without a conflict check.
    Names that cannot be a topic (too long) are skipped; the importer warns about them.
    """
    limit = Topic._meta.get_field("name").max_length
    # (event id, giver) pairs by name: the names' strings held once each (a final link
    # resolution gives a few hundred thousand pairs; the import's peak memory is there).
    events_by_name: dict[str, list[tuple[int, int | None]]] = {}
    for event_id, name, giver_id in pairs:
        if len(name) <= limit:
            events_by_name.setdefault(name, []).append((event_id, giver_id))
    if not events_by_name:
        return
    ids = topic_ids(events_by_name, cache)
    rows = sorted(
        {
            (event_id, ids[name], giver_id)
            for name, receivers in events_by_name.items()
            for event_id, giver_id in receivers
        },
        key=lambda row: (row[0], row[1], row[2] or 0),
    )
    del events_by_name
    request_purge(surrogate_keys.for_topic_rows((event_id, tag_id) for event_id, tag_id, _ in rows))
    dates = dates or {}
    fresh = [row for row in rows if row[0] in created]
    if fresh:
        insert_rows(TaggedEvent, TOPIC_ROW_FIELDS, _dated(fresh, dates))
    others = [row for row in rows if row[0] not in created]
    with transaction.atomic():
        for chunk in chunked(others, CHUNK):
            dated = _dated(chunk, dates)
            insert_rows(TaggedEvent, TOPIC_ROW_FIELDS, dated, ignore_conflicts=True)


def _dated(rows: list[tuple], dates: Mapping[int, datetime.date]) -> list[tuple]:
    """(event id, topic id, event date, giver) rows; the dates not in `dates` looked up at
    once."""
    missing = {event_id for event_id, _, _ in rows if event_id not in dates}
    if missing:
        dates = ChainMap(event_dates(missing), dates)
    return [(event_id, tag_id, dates[event_id], giver) for event_id, tag_id, giver in rows]


def event_dates(event_ids: set[int]) -> dict[int, datetime.date]:
    """Each event's date, which its topic rows carry (see TaggedEvent.event_date)."""
    wanted = sorted(event_ids)
    dates = {}
    for start in range(0, len(wanted), LOOKUP_BATCH):
        batch = wanted[start : start + LOOKUP_BATCH]
        dates.update(Event.objects.filter(pk__in=batch).values_list("pk", "date"))
    return dates
