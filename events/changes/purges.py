"""The surrogate keys a change purges: those of every page showing what it changed, as it
was and as it is (the keys themselves, and what each page carries: events.http_cache.keys)."""

import dataclasses
import datetime
from collections.abc import Iterable

from events.http_cache import terms
from events.http_cache.keys import (
    API,
    FEEDS,
    HOME,
    LISTS,
    NOT_FOUND,
    OUTLETS,
    REDIRECTS,
    SEARCH,
    SITE,
    SITEMAP,
    TOPIC_INDEX,
    UPDATES,
    day_key,
    event_key,
    month_key,
    neighbours_key,
    on_this_day_key,
    topic_key,
    topic_on,
    year_key,
)
from events.models import Event
from events.periods import neighbours

from .states import EventState, states_of

# What an address answers when it shows no page: a 404 (`notfound`), or a redirect. Purged
# whenever an address may start or stop answering, or lead elsewhere: an event, topic, outlet
# or snapshot gaining or losing its page.
ADDRESSES = {NOT_FOUND, REDIRECTS}
# A write touching more events than this purges the whole site instead of each event.
MOST_EVENTS_PER_PURGE = 5000
# Neighbouring days, months and years are looked up for at most this many dates.
MOST_DATES_FOR_NEIGHBOURS = 50


def for_events(before: dict[int, EventState | None], after: dict[int, EventState]) -> set[str]:
    """Events went from `before` to `after` (None or missing: not there)."""
    found: set[str] = set()
    moved_dates: set[datetime.date] = set()
    for pk in before.keys() | after.keys():
        old, new = before.get(pk), after.get(pk)
        found |= for_event(old, new)
        if _changes_the_calendar(old, new):
            moved_dates |= {state.date for state in (old, new) if state is not None}
    return found | neighbour_keys(moved_dates)


def for_event(old: EventState | None, new: EventState | None) -> set[str]:
    """One event changed: its pages and the lists showing it (they carry its key), and every
    list it joined, left or moved in. Searches (pages and the API's `q`) only when they may
    list it or stop listing it, or order it elsewhere: by the words of its old and new text
    when only its text changed (events.http_cache.terms), all of them when it joined, left or
    moved, or its topics changed (their filters and facets). The sitemap gives its last
    change. Feeds carry their entries' keys, and the latest events' feed the home's key, a
    topic's feed its topic's. A scheduled event not due yet: also what it will change when it
    goes public (`_when_due`)."""
    due = _when_due(new) if new is not None and new.due_later and new != old else set()
    return due | _as_seen_now(old, new)


def _as_seen_now(old: EventState | None, new: EventState | None) -> set[str]:
    public = [state for state in (old, new) if state is not None and state.is_public]
    if not public:
        return set()  # a draft before and after: nothing public changed
    found = {SITEMAP}
    for state in public:
        found |= {event_key(state.pk), day_key(state.date), month_key(state.date)}
        found.add(on_this_day_key(state.date))
    if old is None or new is None or old.place != new.place:
        # It joined, left or moved within the lists: every list that shows it changes.
        found |= {HOME, TOPIC_INDEX, LISTS, OUTLETS, *ADDRESSES, *_words(public)}
        for state in public:
            found.add(year_key(state.date))
            found |= {key for pk in state.topic_ids for key in topic_on(pk, state.date)}
        return found
    if old.topic_ids != new.topic_ids:
        # Every topic of the event, kept ones too: a topic page counts the topics seen with it.
        # A topic may have gained its first public event, or lost its last: its address.
        found |= {TOPIC_INDEX, LISTS, *ADDRESSES, *_words(public)}
        found |= set(map(topic_key, old.topic_ids | new.topic_ids))
        # It joined or left the lists of what happened next of the topics gained or lost.
        moved = old.topic_ids ^ new.topic_ids
        found |= {key for pk in moved for state in public for key in topic_on(pk, state.date)}
    return found | terms.for_edit(old.text, new.text)


def _when_due(state: EventState) -> set[str]:
    """A scheduled event goes public at its time with no write. Pages kept from before this
    write were not told that time (every page rendered since is kept no longer than the next
    publish time): those it will change are purged now, as its publication would purge them,
    the pages of the events its links give topics to and of those linking to it included."""
    due = dataclasses.replace(state, is_public=True, due_later=False)
    found = for_event(None, due) | for_gifts(due.gives)
    return found | {UPDATES, *map(event_key, due.linked_by)}


def _words(states) -> set[str]:
    """Every search the events match, as they were and are (their facets and filters count
    them): the keys of all their words."""
    return terms.for_text(*(text for state in states for text in state.text))


def for_sources(
    before: dict[int, EventState | None], after: dict[int, EventState], *, outlets_only=False
) -> set[str]:
    """Events' sources changed: the outlets' pages and counts (of dead links too), and, but
    for a link check (`outlets_only`), the searches and API lists filtered or counted by
    outlet, while one of them is public (their own pages and lists carry their keys:
    `for_event`)."""
    states = [
        state for pk in before.keys() | after.keys() for state in (before.get(pk), after.get(pk))
    ]
    public = [state for state in states if state is not None and state.is_public]
    if not public:
        return set()
    return {OUTLETS} if outlets_only else {LISTS, OUTLETS, *_words(public)}


def for_touched(
    event_ids: set[int], before: dict[int, EventState | None], after: dict[int, EventState]
) -> set[str]:
    """Events whose last change moved, those public (or not read: an event whose link shows
    a changed one): every answer giving their change time (the API's answers listing them
    carry their keys: a day's, a topic's, a search's), the sitemap's dates, and the API's
    lists by last change, or since a moment."""
    found: set[str] = set()
    for pk in event_ids:
        states = [state for state in (before.get(pk), after.get(pk)) if state is not None]
        if not states or any(state.is_public for state in states):
            found |= {event_key(pk), SITEMAP, UPDATES}
    return found


def for_givers_changed(gifts: Iterable[tuple[int, int]]) -> set[str]:
    """Public events started or stopped giving these (event, topic), shown or not: each
    event's answers give when the latest public event giving it a topic went public
    (`api.queries.changed_at`), which may have moved with no topic shown differently."""
    targets = {event_id for event_id, _ in gifts}
    return {UPDATES, *map(event_key, targets)} if targets else set()


def for_moved(event_ids: set[int]) -> set[str]:
    """Events whose change time moved, nothing else of them: every page showing it (an
    event's page and answers, the lists with dates of change), as for any change of them."""
    found: set[str] = set()
    for state in states_of(event_ids, with_topics=False).values():
        found |= for_event(state, state)
    return found


def _changes_the_calendar(old: EventState | None, new: EventState | None) -> bool:
    """Whether a day may have gained its first public event or lost its last."""
    was = old is not None and old.is_public
    is_now = new is not None and new.is_public
    return was != is_now or (was and old.date != new.date)


def neighbour_keys(dates: set[datetime.date]) -> set[str]:
    """The days, months and years either side of `dates` that have public events: their
    pages link to their neighbours, which a day gaining or losing its only event changes."""
    if not dates:
        return set()
    if len(dates) > MOST_DATES_FOR_NEIGHBOURS:
        return {SITE}
    public = Event.objects.published()
    found = set()
    # A neighbouring day's events' pages link to its neighbours too (`neighbours_key`).
    periods = (("day", (day_key, neighbours_key)), ("month", (month_key,)), ("year", (year_key,)))
    for date in dates:
        for period, period_keys in periods:
            starts = [start for start in neighbours(public, date, period) if start]
            found |= {key(start) for start in starts for key in period_keys}
    return found


def for_gifts(gifts: Iterable[tuple[int, int]]) -> set[str]:
    """Topics that links give started or stopped showing on their events ((event, topic)):
    the events' pages and the topics'."""
    gifts = list(gifts)
    if not gifts:
        return set()
    event_ids = {event_id for event_id, _ in gifts}
    found = {TOPIC_INDEX, SEARCH, API, FEEDS, SITEMAP, *ADDRESSES, *map(event_key, event_ids)}
    dates = _dates_of(event_ids)
    for event_id, topic_id in gifts:
        found.add(topic_key(topic_id))
        if event_id in dates:  # joined or left the topic's lists of what happened next
            found |= topic_on(topic_id, dates[event_id])
    return found | _period_keys(dates.values())


def _days_of(event_ids: set[int]) -> set[str]:
    """The events' days and months: a page showing too many events names their days, or
    their months (`keys.shown`)."""
    return _period_keys(_dates_of(event_ids).values())


def _dates_of(event_ids: set[int]) -> dict[int, datetime.date]:
    return dict(Event.objects.filter(pk__in=event_ids).values_list("pk", "date"))


def _period_keys(dates: Iterable[datetime.date]) -> set[str]:
    return {key(date) for date in set(dates) for key in (day_key, month_key)}


def for_topics(topic_ids: set[int], event_ids: set[int]) -> set[str]:
    """Topics renamed, merged or deleted: their pages, and every page showing their names
    (`event_ids`: the events that carried them)."""
    if len(event_ids) > MOST_EVENTS_PER_PURGE:
        return {SITE}
    return {
        TOPIC_INDEX,
        SEARCH,
        API,
        FEEDS,
        *ADDRESSES,
        *map(topic_key, topic_ids),
        *map(event_key, event_ids),
        *_days_of(event_ids),
    }


def for_topic_rows(pairs: set[tuple[int, int]], after: dict[int, EventState]) -> set[str]:
    """An event's own topic rows added or deleted one by one, (event, topic): the topics'
    pages, besides its own (`for_event`), while it is public."""
    return {
        key
        for event_id, topic_id in pairs
        if event_id in after and after[event_id].is_public
        for key in (TOPIC_INDEX, *ADDRESSES, *topic_on(topic_id, after[event_id].date))
    }


def for_outlets(event_ids: set[int]) -> set[str]:
    """Outlets renamed or merged: their pages, and the events whose sources show them."""
    if len(event_ids) > MOST_EVENTS_PER_PURGE:
        return {SITE}
    return {OUTLETS, SEARCH, API, *ADDRESSES, *map(event_key, event_ids), *_days_of(event_ids)}
