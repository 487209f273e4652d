"""Merging a possible duplicate pair into one event: a write like any other (events.changes).

The kept event takes the other's sources (those citing an address it does not cite already),
its own topics and its related links (but links to either of the two); links from other events
to the merged-away one lead to the kept one. The merged-away event is then deleted: its public
addresses and the redirects that led to it lead to the kept event, the read API lists it as
withdrawn (as any deleted public event), and its archive paths are remembered (`MergedEvent`):
a re-import skips the file and says so, and the export and new links lead to the kept event.
Each event gets one revision (the kept one a baseline first if it had none, as any first CMS
change): the merged-away one as it was, so it can still be read and recovered.

The editor sends what they saw of both events (`seen`: lock version and last change time); if
either changed meanwhile nothing is merged and the refusal says which.
"""

from dataclasses import dataclass, field

from django.db.models import Max, Q

from sources.models import Source

from ..changes import writing
from ..http_cache.keys import NOT_FOUND, REDIRECTS
from ..models import MOST_RELATED, Event, MergedEvent, Redirect, Related, TaggedEvent
from . import redirects, revisions


class MergeRefused(Exception):
    """Nothing was merged; the message says why, for the editor."""


@dataclass
class Moved:
    """What a merge moves (or would move) to the kept event."""

    sources: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    links: list = field(default_factory=list)
    incoming: list = field(default_factory=list)  # other events' links to the merged-away one
    addresses: list[str] = field(default_factory=list)  # that will redirect to the kept one


def seen_token(event: Event) -> str:
    """What an editor saw of an event: any change since moves one or the other."""
    return f"{event.lock_version}:{event.updated_at.isoformat()}"


def what_moves(kept: Event, other: Event) -> Moved:
    """What merging `other` into `kept` moves: for the editor to see before merging."""
    return Moved(
        sources=_sources_to_move(kept, other),
        topics=[row.tag for row in _topic_rows_to_move(kept, other)],
        links=_links_to_move(kept, other),
        incoming=list(_incoming(kept, other).select_related("event")),
        addresses=[*redirects.old_event_paths(other), *_redirected_to(other)],
    )


def merge_pair(kept_id: int, other_id: int, seen: dict[int, str], *, user) -> Moved:
    """Merge event `other_id` into `kept_id`, if neither changed since the editor saw them."""
    if kept_id == other_id:
        raise MergeRefused("An event cannot be merged into itself.")
    with writing() as change:
        found = Event.objects.select_for_update().filter(pk__in=[kept_id, other_id])
        events = {event.pk: event for event in found.order_by("pk")}
        if len(events) != 2:
            raise MergeRefused("Not merged: one of the two events is gone (merged or deleted).")
        changed = [event for pk, event in events.items() if seen.get(pk) != seen_token(event)]
        if changed:
            names = ", ".join(f"“{event.headline[:80]}”" for event in changed)
            raise MergeRefused(
                f"Not merged: changed since you opened the pair: {names}. Here it is as it is now."
            )
        kept, other = events[kept_id], events[other_id]
        moved = what_moves(kept, other)
        revisions.keep_baseline(kept)
        revisions.record(
            other, user=user, comment=f"Merged into event {kept.pk}, “{kept.headline[:80]}”."
        )
        change.sources_of([kept.pk, other.pk])
        change.links_of([kept.pk, other.pk])
        _take_sources(kept, moved.sources)
        _take_topics(kept, _topic_rows_to_move(kept, other))
        _take_links(kept, moved.links)
        _lead_links_to(kept, other, change)
        _remember_paths(kept, other, user)
        change.purge(REDIRECTS, NOT_FOUND)
        Redirect.objects.filter(event=other).update(event=kept)  # chains stay one hop
        old_paths = redirects.old_event_paths(other)
        other.delete()
        redirects.claim_event_paths(kept, old_paths)
        kept.lock_version += 1
        kept.save(update_fields=["lock_version", "updated_at"])
        revisions.record(kept, user=user, comment=_comment(other, moved))
    return moved


def _sources_to_move(kept: Event, other: Event) -> list[Source]:
    cited = set(Source.objects.filter(event=kept).values_list("url", flat=True))
    theirs = Source.objects.filter(event=other).order_by("position", "pk")
    return [source for source in theirs if source.url not in cited]


def _topic_rows_to_move(kept: Event, other: Event) -> list[TaggedEvent]:
    """The other's own topics the kept event does not hold as its own."""
    own = TaggedEvent.objects.filter(content_object=kept, own=True).values("tag_id")
    rows = TaggedEvent.objects.filter(content_object=other, own=True).exclude(tag_id__in=own)
    return list(rows.select_related("tag").order_by("position", "pk"))


def _links_to_move(kept: Event, other: Event) -> list[Related]:
    """The other's links to events the kept one does not link to, but links to either one."""
    mine = Related.objects.filter(event=kept)
    targets = set(mine.exclude(target=None).values_list("target_id", flat=True))
    paths = set(mine.values_list("target_path", flat=True))
    room = MOST_RELATED - mine.count()
    links = [
        link
        for link in Related.objects.filter(event=other).order_by("position", "pk")
        if link.target_id not in {kept.pk, other.pk, *targets}
        and link.target_path not in {kept.legacy_path, other.legacy_path, *paths}
    ]
    return links[: max(room, 0)]


def _incoming(kept: Event, other: Event):
    """Links of third events to the merged-away one, resolved or waiting at its path."""
    paths = {other.legacy_path, other.archive_path} - {None}
    to_other = Q(target=other) | Q(target__isnull=True, target_path__in=paths)
    return Related.objects.filter(to_other).exclude(event_id__in=[kept.pk, other.pk])


def _redirected_to(other: Event) -> list[str]:
    return list(Redirect.objects.filter(event=other).values_list("old_path", flat=True))


def _next_position(queryset) -> int:
    highest = queryset.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


def _take_sources(kept: Event, sources: list[Source]) -> None:
    start = _next_position(Source.objects.filter(event=kept))
    for offset, source in enumerate(sources):
        source.event, source.position = kept, start + offset
        source.save(update_fields=["event", "position"])


def _take_topics(kept: Event, rows: list[TaggedEvent]) -> None:
    """Own topics: a topic the kept event only had through a link becomes its own."""
    held = {row.tag_id: row for row in TaggedEvent.objects.filter(content_object=kept)}
    start = _next_position(TaggedEvent.objects.filter(content_object=kept, own=True))
    for offset, row in enumerate(rows):
        mine = held.get(row.tag_id) or TaggedEvent(
            content_object=kept, tag_id=row.tag_id, event_date=kept.date
        )
        mine.own, mine.position = True, start + offset
        mine.save()


def _take_links(kept: Event, links: list[Related]) -> None:
    start = _next_position(Related.objects.filter(event=kept))
    for offset, link in enumerate(links):
        link.event, link.position = kept, start + offset
        link.save(update_fields=["event", "position"])


def _lead_links_to(kept: Event, other: Event, change) -> None:
    """Other events' links to the merged-away one lead to the kept one (those already linking
    to it lose theirs); the kept event's own links to the merged-away one go."""
    incoming = list(_incoming(kept, other))
    change.links_of({link.event_id for link in incoming})
    linking_kept = set(
        Related.objects.filter(
            target=kept, event_id__in={link.event_id for link in incoming}
        ).values_list("event_id", flat=True)
    )
    for link in incoming:
        if link.event_id in linking_kept:
            link.delete()
            continue
        linking_kept.add(link.event_id)
        link.target, link.target_path, link.target_headline = kept, kept.legacy_path, kept.headline
        link.save(update_fields=["target", "target_path", "target_headline"])
    for link in Related.objects.filter(event=kept).filter(
        Q(target=other) | Q(target_path__in={other.legacy_path, other.archive_path} - {None})
    ):
        link.delete()


def _remember_paths(kept: Event, other: Event, user) -> None:
    """The merged-away event's archive paths: the file it came from and where it exports."""
    for path in {other.archive_path, other.legacy_path} - {None}:
        MergedEvent.objects.update_or_create(
            path=path,
            defaults={
                "merged_id": other.pk,
                "headline": other.headline,
                "kept": kept,
                "merged_by": user if user is not None and user.is_authenticated else None,
            },
        )
    # Paths merged into the merged-away event now lead to the kept one.
    MergedEvent.objects.filter(kept=other).update(kept=kept)


def _comment(other: Event, moved: Moved) -> str:
    return (
        f"Merged event {other.pk}, “{other.headline[:80]}”, into this one: "
        f"{len(moved.sources)} sources, {len(moved.topics)} topics, "
        f"{len(moved.links)} related links, {len(moved.incoming)} links from other events."
    )
