"""Settling a change: everything derived from what a write changed, in its own transaction.

In order: the topics the changed links give (events.given_topics) and the topic rows that follow
them, and which of those rows count in their topics' public counts (`counts`); the possible
duplicate pairs of events created, retitled or moved to another day (events.duplicate_pairs);
then, from the events' states before and after, the events whose last change moves
(`Event.updated_at`, the read API's `updated_since`), the public events that left the public
(`Withdrawal`), and the surrogate keys to purge from the front caches.
"""

from collections.abc import Iterable

from django.utils import timezone

from events import duplicate_pairs, given_topics
from events.bulk import chunked
from events.http_cache.keys import SITE
from events.http_cache.purge import purging, request_purge
from events.models import Event, GivenTopic, TaggedEvent, Withdrawal, is_public
from sources.models import Source

from . import counts, purges
from .states import states_of

BATCH = 2000
# Past this many topics given or taken away, a write does not look whether each target shows
# the topic anyway (its own, or another public giver's): an import's thousands of links.
MOST_GIFTS_CHECKED = 200


def settle(change) -> None:
    """Derive and write what `change` (a `record.Change`) implies, and ask for its purges."""
    before = change.before
    added, removed = given_topics.refresh(change.givers, change.topic_cache)
    resolved, linking = given_topics.give_links(change.resolved_links, change.topic_cache)
    change.givers |= linking
    added |= resolved
    _rows_follow(change, added, removed)
    gifts = added | removed
    existing = {pk for pk, state in before.items() if state is not None} - change.deleted
    # Events whose links alone changed: as they are now, they were before.
    links_only = change.givers - before.keys() - change.deleted
    named = purging() and not change.too_large_to_name
    # New events, and those whose links alone changed, are read only to name their pages'
    # keys: nothing else derives from their rows.
    also = (before.keys() - existing - change.deleted) | links_only if named else set()
    after = states_of(existing | also, with_topics=named)
    if named:
        change.before.update({pk: after[pk] for pk in links_only if pk in after})
    citing_outlets = _citing(change.outlets)
    counts.recount(
        counts.rows_to_recount(change, after, gifts),
        counts.sources_to_recount(change, citing_outlets),
    )
    duplicate_pairs.refresh(*_retitled(change, after))
    public_gifts = _public_gifts_changed(change, after, gifts)
    shown_gifts = _shown(change, public_gifts)
    touched = _touched_now(change, _touched(change, after, shown_gifts)) | change.moved
    touch(touched)
    _record_withdrawals(change, after)
    if purging():
        keys = _keys(change, after, public_gifts, shown_gifts, citing_outlets)
        request_purge(keys | purges.for_touched(touched, before, after))


def _retitled(change, after: dict) -> tuple[set[int], dict]:
    """The events created, or whose date or headline changed: their possible duplicates are
    found again (events.duplicate_pairs); with the rows of those already read."""
    ids, known = set(), {}
    for pk, old in change.before.items():
        new = after.get(pk)
        if new is not None:
            known[pk] = (pk, new.date, new.headline)
        if pk in change.deleted:
            continue
        if old is None or (
            new is not None and (old.date, old.headline) != (new.date, new.headline)
        ):
            ids.add(pk)
    return ids, known


def _rows_follow(change, added: set[tuple], removed: set[tuple]) -> None:
    """Topic rows follow the gifts (those of deleted events went with them) and the events'
    own rows."""
    deleted_gave = {
        target
        for pk in change.deleted
        if change.before.get(pk)
        for target, _ in change.before[pk].gives
    }
    changed_gifts = {target for target, _, _ in added | removed}
    own_changed = {event_id for event_id, _ in change.topic_rows}
    given_topics.rows_follow(changed_gifts | deleted_gave | own_changed)


def _public_gifts_changed(change, after: dict, gifts: set[tuple]) -> set[tuple[int, int]]:
    """(event, topic): topics that public events' links started or stopped giving, through
    a giver whose links changed, or which became or stopped being public."""
    before = change.before
    public = _public_givers(change, after, {giver for _, _, giver in gifts})
    changed = {(target, topic) for target, topic, giver in gifts if giver in public}
    for pk, old in before.items():
        new = after.get(pk)
        if old is not None and (new is None or old.is_public != new.is_public):
            changed |= old.gives | (new.gives if new else frozenset())
    return changed


def _shown(change, changed: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Of the (event, topic) public givers started or stopped giving, those that started or
    stopped showing on their events."""
    if len(changed) > MOST_GIFTS_CHECKED:
        return changed  # a bulk write: its targets are touched and purged all the same
    return changed - _shown_anyway(changed, givers=change.givers | change.before.keys())


def _public_givers(change, after: dict, givers: set[int]) -> set[int]:
    """Which of `givers` were public before the change or are now."""
    before = change.before
    public = {pk for pk in givers if before.get(pk) and before[pk].is_public}
    public |= {pk for pk in givers if pk in after and after[pk].is_public}
    named_before = {pk for pk, state in before.items() if state is not None}
    unknown = sorted(givers - after.keys() - named_before)  # new events, not read
    for chunk in chunked(unknown, BATCH):
        public |= set(
            Event.objects.published().filter(pk__in_ids=chunk).values_list("pk", flat=True)
        )
    return public


def _shown_anyway(pairs: set[tuple[int, int]], givers) -> set[tuple[int, int]]:
    """Of these (event, topic), those the event shows whatever the changed givers give: its
    own topic, or given by a public event the change did not touch. Read by event (their
    indexes) and picked here: lists of topics and givers in the statements cost seconds."""
    shown = set()
    for events in chunked(sorted({event for event, _ in pairs}), BATCH):
        own = TaggedEvent.objects.filter(content_object_id__in_ids=events, own=True)
        shown |= set(own.values_list("content_object_id", "tag_id")) & pairs
        gifts = GivenTopic.objects.filter(event_id__in_ids=events).filter(is_public("given_by__"))
        for event_id, topic_id, giver in gifts.values_list("event_id", "topic_id", "given_by_id"):
            if giver not in givers and (event_id, topic_id) in pairs:
                shown.add((event_id, topic_id))
    return shown


def _touched(change, after: dict, shown_gifts: set) -> set[int]:
    """The events whose answers in the read API may have changed: those written, those whose
    links show one whose headline, address or publicity changed, those given topics that
    started or stopped showing, and those showing a renamed topic."""
    before = change.before
    created = {pk for pk, state in before.items() if state is None}
    touched = (before.keys() | change.givers) - created - change.deleted - change.unseen_by_api
    for pk, old in before.items():
        new = after.get(pk)
        if old is not None and (new is None or old.as_linked != new.as_linked):
            touched |= old.linked_by | (new.linked_by if new else frozenset())
        if old is not None and new is not None and old.went_public != new.went_public:
            # A public giver's publish time moved (a restored revision): its targets'
            # answers give when their latest public giver went public.
            touched |= {event_id for event_id, _ in old.shown_gifts | new.shown_gifts}
    touched |= {event_id for event_id, _ in shown_gifts}
    return touched | change.named_topics_events


def _touched_now(change, touched: set[int]) -> set[int]:
    """Of the events whose answers changed, those whose change time moves now: not those
    the change created (their row's time is the change's), nor, in a step of a longer write,
    those an earlier step created (moved at its end: `record.Run`)."""
    created = {pk for pk, state in change.before.items() if state is None}
    touched = touched - created
    if change.run is not None:
        touched -= change.run.left_to_end(created - change.deleted, touched)
    return touched


def touch(event_ids: Iterable[int]) -> None:
    """Move the events' last change to now: one UPDATE per 2,000 events."""
    now = timezone.now()
    for chunk in chunked(sorted(set(event_ids)), BATCH):
        Event.objects.filter(pk__in_ids=chunk).update(updated_at=now)


def _record_withdrawals(change, after: dict) -> None:
    now = timezone.now()
    left = [
        pk
        for pk, state in change.before.items()
        if state is not None and state.is_public and not (pk in after and after[pk].is_public)
    ]
    Withdrawal.objects.bulk_create(Withdrawal(event_id=pk, withdrawn_at=now) for pk in left)


def _citing(outlet_ids: set[int]) -> set[int]:
    """The events citing these outlets (renamed or merged: rare, an editor's action)."""
    if not outlet_ids:
        return set()
    citing = Source.objects.filter(outlet_id__in=outlet_ids).values_list("event_id", flat=True)
    return set(citing)


def _keys(
    change, after: dict, public_gifts: set, shown_gifts: set, citing_outlets: set[int]
) -> set[str]:
    keys = set(change.keys)
    if change.too_large_to_name:
        return keys | {SITE}
    keys |= purges.for_events(change.before, after) | purges.for_gifts(shown_gifts)
    keys |= purges.for_givers_changed(public_gifts)
    keys |= purges.for_topic_rows(change.topic_rows, after)
    for event_ids, outlets_only in ((change.sources, False), (change.link_states, True)):
        keys |= purges.for_sources(
            {pk: change.before.get(pk) for pk in event_ids},
            {pk: after[pk] for pk in event_ids if pk in after},
            outlets_only=outlets_only,
        )
    keys |= purges.for_moved(change.moved - change.before.keys())
    if change.topics:
        keys |= purges.for_topics(change.topics, change.named_topics_events)
    if change.outlets:
        keys |= purges.for_outlets(citing_outlets)
    return keys
