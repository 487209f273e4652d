"""The record of one write: what it changes, stated by the code that makes the change."""

import threading
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import transaction

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

    @property
    def too_large_to_name(self) -> bool:
        """Past this many events, the change purges everything rather than each event's
        pages, so it reads no more of them than whether they are public."""
        return len(self.before) > MOST_EVENTS_PER_PURGE

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

    def links_resolved(self, link_ids: Iterable[int]) -> None:
        """These related links now point at their targets (nothing else of them changed)."""
        self.resolved_links |= set(link_ids)

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
