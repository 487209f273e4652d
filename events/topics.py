"""Finding or creating topics by their exact names, in bulk."""

from collections.abc import Iterable

from django.utils.text import slugify

from .models import TaggedEvent, Topic

FALLBACK_TOPIC_SLUG = "topic"
LOOKUP_BATCH = 500


def topic_slug_base(name: str) -> str:
    return slugify(name, allow_unicode=True)[:240] or FALLBACK_TOPIC_SLUG


def topics_named(names: Iterable[str]) -> dict[str, Topic]:
    """Map each name to its Topic, creating the missing ones (with unique slugs) in one go."""
    wanted = sorted(set(names))
    found: dict[str, Topic] = {}
    for start in range(0, len(wanted), LOOKUP_BATCH):
        batch = wanted[start : start + LOOKUP_BATCH]
        found.update({t.name: t for t in Topic.objects.filter(name__in=batch)})
    missing = [name for name in wanted if name not in found]
    if missing:
        created = Topic.objects.bulk_create(_new_topics(missing))
        # bulk_create sets primary keys on PostgreSQL and SQLite; re-read to be backend-neutral.
        if any(t.pk is None for t in created):
            created = list(Topic.objects.filter(name__in=missing))
        found.update({t.name: t for t in created})
    return found


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


def add_topics(pairs: Iterable[tuple[int, str]]) -> None:
    """Give events topics by name: `pairs` of (event id, topic name); existing pairs stay."""
    pairs = list(pairs)
    if not pairs:
        return
    topics = topics_named(name for _, name in pairs)
    rows = {(event_id, topics[name].pk) for event_id, name in pairs}
    TaggedEvent.objects.bulk_create(
        [TaggedEvent(content_object_id=e, tag_id=t) for e, t in sorted(rows)],
        ignore_conflicts=True,
        batch_size=2000,
    )
