"""Renaming and merging topics, with redirects from the addresses that go away.

Both rewrite the topic names that related links carry as their context, so a link's context
keeps naming topics that exist. Events' revisions are not recorded for these bulk moves (a
topic can have thousands of events); revisions name the topics they held, so history stays
readable after a merge.
"""

from django.db import transaction
from django.db.models import Q

from ..http_cache import keys as surrogate_keys
from ..http_cache.purge import request_purge
from ..models import Redirect, Related, TaggedEvent, Topic, split_context
from ..topics import topic_slug_base
from . import redirects


def rename_topic(topic: Topic, new_name: str) -> None:
    """Give `topic` a new name and a slug made from it; its old pages redirect to the new ones."""
    with transaction.atomic():
        # As stored: an admin form has already put the new name on `topic`.
        stored = Topic.objects.select_for_update().get(pk=topic.pk)
        old_name, old_paths = stored.name, stored.public_paths()
        topic.name = new_name
        topic.slug = free_topic_slug(new_name, current=topic)
        topic.save()
        redirects.move_topic_paths(old_paths, topic)
        _rename_in_contexts({old_name: new_name})
        # Purged through the save's signal and the contexts' bulk_update (events.http_cache).


def merge_topics(kept: Topic, others) -> int:
    """Move the events of `others` into `kept`, then delete `others`. Returns events moved."""
    others = [topic for topic in others if topic.pk != kept.pk]
    if not others:
        return 0
    other_ids = [topic.pk for topic in others]
    with transaction.atomic():
        # Every page of the topics and of their events, read before their rows move.
        request_purge(surrogate_keys.for_topics([kept.pk, *other_ids]))
        moved = _move_topic_rows(kept, other_ids)
        # Redirects that led to a merged topic lead to the kept one, so chains stay one hop.
        Redirect.objects.filter(topic_id__in=other_ids).update(topic=kept)
        for topic in others:
            redirects.move_topic_paths(topic.public_paths(), kept)
        _rename_in_contexts({topic.name: kept.name for topic in others})
        Topic.objects.filter(pk__in=other_ids).delete()
    return moved


def free_topic_slug(name: str, current: Topic | None = None) -> str:
    """A slug made from `name` that no other topic has: `name`, `name-2`, `name-3`, ..."""
    base = topic_slug_base(name)
    others = Topic.objects.exclude(pk=current.pk) if current else Topic.objects.all()
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _move_topic_rows(kept: Topic, other_ids: list[int]) -> int:
    """Re-tag each event once, as its own topic and once per giver: an event that already has
    `kept` so just loses the others. Returns the events moved."""
    rows = TaggedEvent.objects.values_list("content_object_id", "given_by_id")
    has_kept = set(rows.filter(tag=kept))
    to_move = {}
    for row_id, event_id, giver_id in (
        TaggedEvent.objects.filter(tag_id__in=other_ids)
        .order_by("pk")
        .values_list("pk", "content_object_id", "given_by_id")
    ):
        if (event_id, giver_id) not in has_kept:
            to_move.setdefault((event_id, giver_id), row_id)
    TaggedEvent.objects.filter(pk__in=to_move.values()).update(tag=kept)
    # What is left on the merged topics is deleted with them.
    return len({event_id for event_id, _ in to_move})


def _rename_in_contexts(renames: dict[str, str]) -> None:
    """Rewrite related links' contexts ("A, B") by exact topic name, without duplicates."""
    mentions = Q()
    for old_name in renames:
        mentions |= Q(context__contains=old_name)
    changed = []
    for link in Related.objects.filter(mentions).only("context"):
        names = split_context(link.context)
        renamed = list(dict.fromkeys(renames.get(name, name) for name in names))
        if renamed != names:
            link.context = ", ".join(renamed)
            changed.append(link)
    Related.objects.bulk_update(changed, ["context"], batch_size=1000)
