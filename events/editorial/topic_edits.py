"""Renaming and merging topics, with redirects from the addresses that go away.

Both rewrite the topic names that related links carry as their context, so a link's context
keeps naming topics that exist. Events' revisions are not recorded for these bulk moves (a
topic can have thousands of events); revisions name the topics they held, so history stays
readable after a merge.
"""

from django.db.models import Q

from ..changes import writing
from ..models import Redirect, Related, TaggedEvent, Topic, split_context
from ..slugs import topic_slug_base
from . import redirects


def rename_topic(topic: Topic, new_name: str) -> None:
    """Give `topic` a new name and a slug made from it; its old pages redirect to the new ones."""
    with writing() as change:
        change.topics_renamed([topic.pk])
        # As stored: an admin form has already put the new name on `topic`.
        stored = Topic.objects.select_for_update().get(pk=topic.pk)
        old_name, old_paths = stored.name, stored.public_paths()
        topic.name = new_name
        topic.slug = free_topic_slug(new_name, current=topic)
        topic.save()
        redirects.move_topic_paths(old_paths, topic)
        _rename_in_contexts({old_name: new_name}, change)


def merge_topics(kept: Topic, others) -> int:
    """Move the events of `others` into `kept`, then delete `others`. Returns events moved."""
    others = [topic for topic in others if topic.pk != kept.pk]
    if not others:
        return 0
    other_ids = [topic.pk for topic in others]
    with writing() as change:
        # Every event showing one of the others shows a new name, read before rows move;
        # those pages, and the kept topic's, follow from their topics before and after.
        change.topics_renamed(other_ids)
        change.events(change.named_topics_events)
        moved = _move_topic_rows(kept, other_ids)
        # Redirects that led to a merged topic lead to the kept one, so chains stay one hop.
        Redirect.objects.filter(topic_id__in=other_ids).update(topic=kept)
        for topic in others:
            redirects.move_topic_paths(topic.public_paths(), kept)
        _rename_in_contexts({topic.name: kept.name for topic in others}, change)
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
    """Give each event of the others `kept` once, its own if any of its rows was its own;
    the others' remaining rows go with their topics. Returns the events moved."""
    by_event: dict[int, list[TaggedEvent]] = {}
    for row in TaggedEvent.objects.filter(tag_id__in=[kept.pk, *other_ids]).order_by("pk"):
        by_event.setdefault(row.content_object_id, []).append(row)
    changed, moved = [], 0
    for rows in by_event.values():
        row = next((row for row in rows if row.tag_id == kept.pk), rows[0])
        own = any(each.own for each in rows)
        if row.tag_id != kept.pk or row.own != own:
            moved += row.tag_id != kept.pk
            row.tag_id, row.own = kept.pk, own
            changed.append(row)
    TaggedEvent.objects.bulk_update(changed, ["tag", "own"])
    return moved


def _rename_in_contexts(renames: dict[str, str], change) -> None:
    """Rewrite related links' contexts ("A, B") by exact topic name, without duplicates."""
    mentions = Q()
    for old_name in renames:
        mentions |= Q(context__contains=old_name)
    changed = []
    for link in Related.objects.filter(mentions).only("event_id", "context"):
        names = split_context(link.context)
        renamed = list(dict.fromkeys(renames.get(name, name) for name in names))
        if renamed != names:
            link.context = ", ".join(renamed)
            changed.append(link)
    # The topics these links give are redone from their contexts as the change settles.
    change.links_of(link.event_id for link in changed)
    Related.objects.bulk_update(changed, ["context"], batch_size=1000)
