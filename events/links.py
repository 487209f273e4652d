"""Related links whose target was missing are resolved as soon as the target exists.

Each function takes the write's change (events.changes) and names on it the events whose
links it is about to change: the topics those give their targets follow (events.given_topics).
"""

import datetime
import re
from collections.abc import Iterable

from django.db import connection
from django.db.models import Max, Min

from .bulk import commit_without_waiting_for_disk
from .models import Event, Related

EVENT_PATH = re.compile(r"^/news/(\d{4})/(\d{1,2})/(\d{1,2})/([^/]+)\.md$")
SLUG_BATCH = 500
# Waiting links resolved per write, by span of link ids: settling a write holds what its links
# give their targets in memory (about 650 bytes a link), and an import's last step resolves a
# link for most of its events (1,000,000 events: 1.2 million links, a 1.4 GB peak as one
# write). Each write redoes its targets' rows and its topics' counts, so a target reached from
# several spans is redone several times: 20,000 ids a span cost 25% more time than one write.
LINKS_PER_WRITE = 50_000


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


def _waiting_links():
    """Links that name a target not found yet."""
    return Related.objects.filter(target__isnull=True).exclude(target_path="")


def waiting_link_spans() -> list[tuple[int, int]]:
    """Spans of link ids (first, last) that together hold every waiting link, each at most
    LINKS_PER_WRITE ids wide: resolved one write each (`resolve_pending_links`)."""
    ends = _waiting_links().aggregate(first=Min("id"), last=Max("id"))
    if ends["first"] is None:
        return []
    starts = range(ends["first"], ends["last"] + 1, LINKS_PER_WRITE)
    return [(start, min(start + LINKS_PER_WRITE - 1, ends["last"])) for start in starts]


def resolve_pending_links(change, span: tuple[int, int] | None = None) -> int:
    """Point the unresolved links (those with ids in `span`, or all) at their targets where
    the targets now exist (the import's last step). `change`: the write's record, which the
    links' events join."""
    waiting = _waiting_links()
    if span is not None:
        waiting = waiting.filter(id__range=span)
    return _resolve_by_archive_path(change, waiting) + _resolve(
        waiting.values_list("id", "target_path", "event_id"), change
    )


def _resolve_by_archive_path(change, waiting) -> int:
    """Links to imported events, in one set-based statement: the import's common case.

    An UPDATE joined to the events by archive path (both databases support UPDATE ... FROM)
    lets the database match every waiting link at once, with a hash or index join, instead
    of a lookup per link.
    """
    found = waiting.filter(target_path__in=Event.objects.values("archive_path"))
    found = list(found.values_list("id", flat=True))
    if not found:  # a re-run over an unchanged archive writes nothing at all
        return 0
    change.links_resolved(found)
    quote = connection.ops.quote_name
    links, events = quote(Related._meta.db_table), quote(Event._meta.db_table)
    sql = (
        f"UPDATE {links} SET target_id = e.id FROM {events} e "  # noqa: S608
        f"WHERE {links}.target_id IS NULL AND e.archive_path = {links}.target_path "
        f"AND {links}.id BETWEEN %s AND %s"
    )
    with connection.cursor() as cursor:
        commit_without_waiting_for_disk()  # the import's re-run redoes what a crash would lose
        cursor.execute(sql, [min(found), max(found)])
        return cursor.rowcount


def resolve_links_to(event: Event, change) -> int:
    """Resolve the links waiting for this one event (an editor just created or moved it)."""
    pending = Related.objects.filter(
        target__isnull=True, target_path__endswith=f"/{event.slug}.md"
    ).values_list("id", "target_path", "event_id")
    return _resolve(pending, change)


def _resolve(pending: Iterable[tuple[int, str, int]], change) -> int:
    """Resolve (link id, target path, linking event id) links whose targets exist."""
    wanted: dict[tuple[datetime.date, str], list[tuple[int, int]]] = {}
    for link_id, path, giver_id in pending:
        key = parse_event_path(path)
        if key:
            wanted.setdefault(key, []).append((link_id, giver_id))
    targets = _event_ids_by_key(wanted)
    found = {key: links for key, links in wanted.items() if key in targets}
    change.links_resolved(link_id for links in found.values() for link_id, _ in links)
    for key, links in found.items():
        Related.objects.filter(id__in_ids=[link_id for link_id, _ in links]).update(
            target_id=targets[key]
        )
    return sum(map(len, found.values()))


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


def drop_links_to_unseen(event: Event, change) -> None:
    """Nothing of a deleted event the public never saw stays on other events' pages.

    A link keeps the headline the admin copied from its target; once the target is gone the
    link shows as plain text, so a draft's (or a scheduled event's) words would go public.
    Links to such an event go with it. Links to a public event stay as they were written, as
    links to a missing event do (docs/archive-format.md): the public saw their text already.
    """
    if event.is_published:
        return
    links = Related.objects.filter(target=event)
    change.links_of(links.values_list("event_id", flat=True))
    links.delete()
