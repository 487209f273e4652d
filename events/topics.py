"""Finding or creating topics by their exact names, in bulk."""

import datetime
from collections.abc import Iterable

from django.db.models import BooleanField, ExpressionWrapper

from .bulk import chunked, insert_rows
from .models import Event, TaggedEvent, Topic
from .models.public import will_be_public
from .slugs import topic_slug_base

LOOKUP_BATCH = 500
DATE_BATCH = 2000
OWN_ROW_FIELDS = ["content_object", "tag", "event_date", "counted"]


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


def add_own_topics(pairs: Iterable[tuple[int, str]], cache: dict[str, int] | None = None) -> None:
    """Give events their own topics by name: (event id, topic name) pairs, for events that
    have no topic rows (just created, or their rows just deleted by the caller).

    The rows carry their event's date and whether they count (`event_facts`). Names that
    cannot be a topic (too long) are skipped; the importer warns about them.
    """
    limit = Topic._meta.get_field("name").max_length
    events_by_name: dict[str, list[int]] = {}
    for event_id, name in pairs:
        if len(name) <= limit:
            events_by_name.setdefault(name, []).append(event_id)
    if not events_by_name:
        return
    ids = topic_ids(events_by_name, cache)
    rows = sorted(
        {(event_id, ids[name]) for name, events in events_by_name.items() for event_id in events}
    )
    facts = event_facts({event_id for event_id, _ in rows})
    insert_rows(TaggedEvent, OWN_ROW_FIELDS, ((e, t, *facts[e]) for e, t in rows))


def event_facts(event_ids: set[int]) -> dict[int, tuple[datetime.date, bool]]:
    """Each event's date, which its topic rows carry (TaggedEvent.event_date), and whether
    it is public or will be, which its own rows' `counted` flag is: rows inserted with the
    flag right leave events.changes.counts nothing to write (20,000 generated events on
    PostgreSQL: 15,000 rows a batch written again, with their topics' counts, ~1.4 s)."""
    counts = ExpressionWrapper(will_be_public(), output_field=BooleanField())
    facts = {}
    for batch in chunked(sorted(event_ids), DATE_BATCH):
        rows = Event.objects.filter(pk__in_ids=batch).annotate(counts=counts).order_by()
        facts.update((pk, (date, c)) for pk, date, c in rows.values_list("pk", "date", "counts"))
    return facts
