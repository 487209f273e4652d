"""Related links whose target was missing are resolved as soon as the target exists."""

import datetime
import re
from collections.abc import Iterable, Mapping

from django.db import connection, transaction
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from events.archive.bulk import commit_without_waiting_for_disk

from .http_cache import keys as surrogate_keys
from .http_cache.purge import request_purge
from .models import Event, Related, TaggedEvent, split_context
from .topics import add_topics

EVENT_PATH = re.compile(r"^/news/(\d{4})/(\d{1,2})/(\d{1,2})/([^/]+)\.md$")
SLUG_BATCH = 500


def parse_event_path(path: str) -> tuple[datetime.date, str] | None:
    """`/news/2012/09/5/<slug>.md` -> (date, slug); None when it names no possible event."""
    match = EVENT_PATH.match(path)
    if not match:
        return None
    year, month, day, slug = match.groups()
    try:
        return datetime.date(int(year), int(month), int(day)), slug
    except ValueError:
        return None


def resolve_pending_links(dates: Mapping[int, datetime.date] | None = None) -> int:
    """Point every unresolved link at its target where the target now exists.

    `dates`: events' dates the caller knows, which their topic rows carry.
    """
    return _resolve_by_archive_path(dates) + _resolve(
        Related.objects.filter(target__isnull=True)
        .exclude(target_path="")
        .values_list("id", "target_path", "context", "event_id")
    )


def _resolve_by_archive_path(dates: Mapping[int, datetime.date] | None) -> int:
    """Links to imported events, in one set-based statement: the import's common case.

    An UPDATE joined to the events by archive path (both databases support UPDATE ... FROM and
    RETURNING) lets the database match every waiting link at once, with a hash or index join,
    instead of a lookup per link; RETURNING hands back what the targets' topics need.
    """
    waiting = Related.objects.filter(
        target__isnull=True, target_path__in=Event.objects.values("archive_path")
    )
    if not waiting.exists():  # a re-run over an unchanged archive writes nothing at all
        return 0
    quote = connection.ops.quote_name
    links, events = quote(Related._meta.db_table), quote(Event._meta.db_table)
    sql = (
        f"UPDATE {links} SET target_id = e.id FROM {events} e "  # noqa: S608
        f"WHERE {links}.target_id IS NULL AND e.archive_path = {links}.target_path "
        f"RETURNING {links}.target_id, {links}.context, {links}.event_id"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        commit_without_waiting_for_disk()  # the import's re-run redoes what a crash would lose
        cursor.execute(sql)
        found = cursor.fetchall()
        # Each related target carries the topics named on the line that links to it, as
        # given by the linking event (public only while it is).
        add_topics(
            (
                (target_id, name, giver_id)
                for target_id, context, giver_id in found
                for name in split_context(context)
            ),
            dates=dates,
        )
    return len(found)


def resolve_links_to(event: Event) -> int:
    """Resolve the links waiting for this one event (an editor just created or moved it)."""
    pending = list(
        Related.objects.filter(
            target__isnull=True, target_path__endswith=f"/{event.slug}.md"
        ).values_list("id", "target_path", "context", "event_id")
    )
    return _resolve(pending)


def _resolve(pending: Iterable[tuple[int, str, str, int]]) -> int:
    """Resolve (link id, target path, context, linking event id) links; their targets get
    the contexts as given by the linking events."""
    wanted: dict[tuple[datetime.date, str], list[tuple[int, str, int]]] = {}
    for link_id, path, context, giver_id in pending:
        key = parse_event_path(path)
        if key:
            wanted.setdefault(key, []).append((link_id, context, giver_id))
    targets = _event_ids_by_key(wanted)
    resolved = 0
    topic_pairs = []
    for key, links in wanted.items():
        target_id = targets.get(key)
        if target_id is None:
            continue
        Related.objects.filter(id__in=[link[0] for link in links]).update(target_id=target_id)
        resolved += len(links)
        topic_pairs.extend(
            (target_id, name, giver_id)
            for _, context, giver_id in links
            for name in split_context(context)
        )
    add_topics(topic_pairs)
    return resolved


def _event_ids_by_key(wanted) -> dict[tuple[datetime.date, str], int]:
    slugs = sorted({slug for _, slug in wanted})
    found = {}
    for start in range(0, len(slugs), SLUG_BATCH):
        rows = Event.objects.filter(slug__in=slugs[start : start + SLUG_BATCH]).values_list(
            "id", "date", "slug"
        )
        for event_id, date, slug in rows:
            if (date, slug) in wanted:
                found[(date, slug)] = event_id
    return found


@receiver(post_save, sender=Event, dispatch_uid="events.resolve_links_on_save")
def resolve_links_on_save(sender, instance, raw=False, **kwargs):
    """Links waiting for an event are resolved when an editor saves it (derived data only)."""
    if not raw:
        resolve_links_to(instance)


@receiver(pre_delete, sender=Event, dispatch_uid="events.links_to_a_deleted_event")
def links_to_a_deleted_event(sender, instance, **kwargs):
    """Nothing of a deleted event the public never saw stays on other events' pages.

    A link keeps the headline the admin copied from its target; once the target is gone the
    link shows as plain text, so a draft's (or a scheduled event's) words would go public.
    Links to such an event go with it. Links to a public event stay as they were written, as
    links to a missing event do (docs/archive-format.md): the public saw their text already.
    Derived data only, in a signal so that bulk deletes (the admin's action) do it too.
    """
    if not instance.is_published:
        Related.objects.filter(target=instance).delete()


def give_topics_of_links(event_id: int) -> None:
    """Make the topics `event` gives its targets what its resolved links now say: rows it gave
    that no link of it gives any more go, and new ones come (an editor changed its links, or
    restored a revision). The import replaces them wholesale instead (archive.writer)."""
    resolved = Related.objects.filter(event_id=event_id, target__isnull=False)
    wanted = {
        (target_id, name)
        for target_id, context in resolved.values_list("target_id", "context")
        for name in split_context(context)
    }
    given = TaggedEvent.objects.filter(given_by_id=event_id).values_list(
        "pk", "content_object_id", "tag_id", "tag__name"
    )
    stale, kept = [], set()
    for row_id, target_id, tag_id, name in given:
        if (target_id, name) in wanted:
            kept.add((target_id, name))
        else:
            stale.append((row_id, target_id, tag_id))
    if stale:
        request_purge(surrogate_keys.for_topic_rows((target, tag) for _, target, tag in stale))
        TaggedEvent.objects.filter(pk__in=[row_id for row_id, _, _ in stale]).delete()
    add_topics((target_id, name, event_id) for target_id, name in wanted - kept)
