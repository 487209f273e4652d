"""The record of one write: what it changes, stated by the code that makes the change."""

import threading
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import transaction

from .id_bits import IdBits
from .purges import MOST_EVENTS_PER_PURGE
from .settle import settle
from .states import EventState, events_tagged, states_of

_active = threading.local()


class Change:
    """What one write changes. Filled in as the write goes (by the code that writes, and by
    the model signals of single saves and deletes), settled once at its end (`settle`)."""

    def __init__(self):
        # The events it changes, as they were before it (None: made by it). Read when first
        # named, so name an event before writing to it.
        self.before: dict[int, EventState | None] = {}
        # Events whose related links changed: the topics they give are redone.
        self.givers: set[int] = set()
        # Links that just found their targets: they only add what their contexts give.
        self.resolved_links: set[int] = set()
        # Events whose change the read API does not show (a link found dead): their pages
        # are purged, their last change stays.
        self.unseen_by_api: set[int] = set()
        self.topics: set[int] = set()  # topics renamed, merged or deleted
        # The events that showed those topics' names, read before the topics changed.
        self.named_topics_events: set[int] = set()
        self.outlets: set[int] = set()  # outlets renamed or merged
        self.sources: set[int] = set()  # events whose sources the public sees change
        self.link_states: set[int] = set()  # events whose sources' link states change
        # (event, topic) own topic rows written or deleted one by one.
        self.topic_rows: set[tuple[int, int]] = set()
        self.keys: set[str] = set()  # keys a write names itself (redirects, data dumps)
        self.deleted: set[int] = set()  # events deleted (named before, by `events`)
        # Names to topic ids, shared by the batches of one import.
        self.topic_cache: dict[str, int] | None = None
        # The longer write this change is one step of, if any (`Run`).
        self.run: Run | None = None
        # Events whose change time moves though this change changes nothing else of them.
        self.moved: set[int] = set()
        # New events whose every topic row and source this change writes flagged as it counts.
        self.rows_flagged: set[int] = set()

    @property
    def too_large_to_name(self) -> bool:
        """Past this many events, the change purges everything rather than each event's
        pages, so it reads no more of them than whether they are public. Events whose links
        alone changed count too (an import's last step: each of its writes resolves
        thousands of links); one both written and a giver counts twice, which only matters
        at the threshold."""
        return len(self.before) + len(self.givers) + len(self.moved) > MOST_EVENTS_PER_PURGE

    def events(self, ids: Iterable[int | None], *, shown_by_api: bool = True) -> None:
        """These events are about to change (their row, sources, links or own topics).
        `shown_by_api`: whether the read API's answers show what changes."""
        ids = {pk for pk in ids if pk is not None}
        if shown_by_api:
            self.unseen_by_api -= ids
        else:
            self.unseen_by_api |= ids - self.before.keys()
        new = ids - self.before.keys()
        if not new:
            return
        light = self.too_large_to_name or len(self.before) + len(new) > MOST_EVENTS_PER_PURGE
        found = states_of(new, with_topics=not light)
        self.before.update({pk: found.get(pk) for pk in new})

    def sources_of(self, ids: Iterable[int | None]) -> None:
        """These events' sources, as the public sees them, are about to change (written,
        deleted, moved, captured): outlets' counts and the outlet filters follow."""
        ids = {pk for pk in ids if pk is not None}
        self.events(ids)
        self.sources |= ids

    def link_states_of(self, ids: Iterable[int | None]) -> None:
        """These events' sources' link states are about to change (a link check): the outlet
        index counts dead links; the read API does not show them."""
        ids = {pk for pk in ids if pk is not None}
        self.events(ids, shown_by_api=False)
        self.link_states |= ids

    def created(self, ids: Iterable[int]) -> None:
        """These events are new: nothing of them was public before."""
        for pk in ids:
            self.before.setdefault(pk, None)

    def rows_flagged_for(self, ids: Iterable[int]) -> None:
        """These events, new in this change, get every topic row and source from it (their
        own topics and those gifts give them, as it settles), each written with the flags
        settling would set (an import batch's events): settling does not read them again."""
        self.rows_flagged |= set(ids) & {pk for pk, state in self.before.items() if state is None}

    def links_resolved(self, link_ids: Iterable[int]) -> None:
        """These related links now point at their targets (nothing else of them changed)."""
        self.resolved_links |= set(link_ids)

    def times_moved(self, ids: Iterable[int]) -> None:
        """These events changed earlier, in a step of a longer write that left their change
        time to its end (`Run`): it moves now, and their pages and answers show it."""
        self.moved |= set(ids)

    def deleted_events(self, ids: Iterable[int]) -> None:
        """These events, named before, are deleted."""
        self.deleted |= set(ids)

    def links_of(self, ids: Iterable[int]) -> None:
        """These events' related links change (written, resolved, deleted), their own rows
        not: their pages and answers change, and the topics they give are redone."""
        self.givers |= set(ids)

    def topics_renamed(self, ids: Iterable[int]) -> None:
        """These topics are about to be renamed, merged or deleted: every event showing
        one shows its name."""
        ids = set(ids) - self.topics
        self.topics |= ids
        self.named_topics_events |= events_tagged(ids)

    def own_topics(self, pairs: Iterable[tuple[int, int]]) -> None:
        """(event, topic): these events' own topic rows are being added or deleted."""
        pairs = set(pairs)
        self.events(event_id for event_id, _ in pairs)
        self.topic_rows |= pairs

    def outlets_renamed(self, ids: Iterable[int]) -> None:
        self.outlets |= set(ids)

    def purge(self, *keys: str) -> None:
        self.keys |= set(keys)


class Run:
    """A write made of several changes, each its own transaction: an archive import's
    batches. Its later steps keep changing the events its earlier steps created (links to
    them resolve, topics are given to them); moving their change times at each step would
    rewrite each such row several times (on PostgreSQL a whole row, its search vector and
    every index, ~1 ms an event). So a step moves no change time of an event the run created:
    the run's last step moves each of them once (`Change.times_moved`). Events it did not
    create move at every step, as in any write.
    """

    def __init__(self):
        self.created = IdBits()  # events created by the run's committed steps
        self.to_move = IdBits()  # of those, the ones changed again since
        self.in_last_step = False

    @contextmanager
    def finishing(self):
        """The run's last step: several writes in one transaction, the last of which move
        `to_move`. What its writes leave to the end is noted at once (they commit, or roll
        back, with that last write)."""
        self.in_last_step = True
        try:
            yield
        finally:
            self.in_last_step = False

    def left_to_end(self, created: set[int], changed: set[int]) -> set[int]:
        """A step created `created` and changed `changed` (none of `created`): those whose
        change time waits for the run's end, noted once the step commits (a step rolled back
        notes nothing)."""
        later = {pk for pk in changed if pk in self.created}
        if self.in_last_step:
            self._committed(created, later)
        else:
            transaction.on_commit(lambda: self._committed(created, later))
        return later

    def _committed(self, created: set[int], later: set[int]) -> None:
        self.created.update(created)
        self.to_move.update(later)


def active() -> Change | None:
    """The change being written in this thread, if any."""
    return getattr(_active, "change", None)


def is_settling() -> bool:
    """Whether this thread is settling a change: what settling writes is derived already."""
    return getattr(_active, "settling", False)


@contextmanager
def settling():
    _active.settling = True
    try:
        yield
    finally:
        _active.settling = False


@contextmanager
def writing():
    """`with writing() as change:` one transaction whose change is settled at its end. Inside
    another, the same change: the outermost settles it."""
    outer = active()
    if outer is not None:
        yield outer
        return
    change = Change()
    with transaction.atomic():
        _active.change = change
        try:
            yield change
            with settling():
                settle(change)
        finally:
            _active.change = None
