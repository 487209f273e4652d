"""Surrogate keys: what each public page shows, and what each write touches.

A page's `xkey` header names what it shows; a write purges the keys of its old and new state.
Both lists live here so they cannot drift apart:

| key         | carried by                                          | purged when               |
|-------------|-----------------------------------------------------|---------------------------|
| `e<id>`     | every page showing the event (its page, lists, links) | the event changes       |
| `d<date>`   | that day's page                                     | an event of it changes    |
| `m<month>`  | that month's page                                   | an event of it changes    |
| `y<year>`   | that year's page                                    | its list of months changes|
| `o<MM-DD>`  | on-this-day of that day of the year (all years),    | an event of one changes   |
|             | the home on that day (its "On this day" box)        |                           |
| `t<id>`     | the topic's page, pages of events with the topic,   | its list or name changes, |
|             | pages of topics often seen with it                  | its events' topics change |
| `home`, `topics`, `feeds`, `sitemap`, `search` | those listings | what they list changes |
| `outlets`   | `/outlets/`, each outlet's page, the API's outlets  | a source or outlet changes|
| `api`       | the API's lists (events, withdrawn, days, topics,   | any public event changes, |
|             | outlets)                                            | as `search`               |
| `dumps`     | the API's list of data dumps                        | `export_dump` writes one  |
| `notfound`  | every 404 and 400                                   | an address may now work   |
| `redirects` | every redirect to a moved page                      | a redirect changes        |
| `site`      | every response                                      | `purge_cache --everything`|

The home also carries `topics`: its "Ongoing" box counts topics' events as the topic index does,
so whatever changes those counts purges both.

A topic's name shows beside many events: renaming it purges those events (`e<id>`), so list
pages need not carry a key per topic tag.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

SITE = "site"
HOME = "home"
TOPIC_INDEX = "topics"
FEEDS = "feeds"
SITEMAP = "sitemap"
SEARCH = "search"
# Outlet pages are few and cheap: one key for all of them, purged by any change of a source.
OUTLETS = "outlets"
# The read API's lists can be filtered by anything an event has, as search can: purged with it.
API = "api"
DUMPS = "dumps"
NOT_FOUND = "notfound"
REDIRECTS = "redirects"

# Varnish refuses response headers over 8 KB: a page showing more events than this names their
# days instead, which every change of one of its events purges too.
MOST_EVENT_KEYS_PER_PAGE = 300
# A write touching more events than this purges the whole site instead of each event.
MOST_EVENTS_PER_PURGE = 5000
# Neighbouring days, months and years are looked up for at most this many dates.
MOST_DATES_FOR_NEIGHBOURS = 50


def event_key(pk: int) -> str:
    return f"e{pk}"


def day_key(day: datetime.date) -> str:
    return f"d{day.isoformat()}"


def month_key(day: datetime.date) -> str:
    return f"m{day:%Y-%m}"


def year_key(day: datetime.date) -> str:
    return f"y{day.year:04d}"


def on_this_day_key(day: datetime.date) -> str:
    """The calendar day of `day` in every year: `o02-08`."""
    return f"o{day:%m-%d}"


def topic_key(pk: int) -> str:
    return f"t{pk}"


# What pages show ---------------------------------------------------------------------------


def shown(*keys: str, events: Iterable = ()) -> list[str]:
    """A page's keys: its own, then one per event it shows; past the bound, the days of those
    events instead (every change of an event purges its day too)."""
    events = list(events)
    event_keys = list(dict.fromkeys(event_key(event.pk) for event in events))
    if len(event_keys) > MOST_EVENT_KEYS_PER_PAGE:
        event_keys = list(dict.fromkeys(day_key(event.date) for event in events))
    return list(dict.fromkeys([*keys, *event_keys]))


def day_page(day: datetime.date, events) -> list[str]:
    return shown(day_key(day), events=events)


def event_page(event, linked_events, topic_ids: Iterable[int]) -> list[str]:
    """The event, the events its links and "what happened next" show, and its topics, whose
    lists decide what happens next."""
    topics = [topic_key(pk) for pk in topic_ids]
    return shown(event_key(event.pk), day_key(event.date), *topics, events=linked_events)


def topic_page(topic_pk: int, events) -> list[str]:
    return shown(topic_key(topic_pk), events=events)


# What writes touch ------------------------------------------------------------------------


@dataclass(frozen=True)
class EventState:
    """What of an event decides which pages show it, and where."""

    pk: int
    date: datetime.date
    position: int
    slug: str
    is_public: bool
    topic_ids: frozenset
    # (target id, target date, topic id) of the topics its related links give other events,
    # which the public sees only while this event is public.
    gives: frozenset = frozenset()

    @property
    def place(self) -> tuple:
        return (self.is_public, self.date, self.position, self.slug)


def states_of(ids: Iterable[int]) -> dict[int, EventState]:
    """The events' states as stored now (in the current transaction): two queries. Public
    is what `Event.objects.published()` says, the one definition of it."""
    from django.db.models import Exists, OuterRef, Q

    from events.models import Event, TaggedEvent

    ids = list(ids)
    if not ids:
        return {}
    topics: dict[int, set] = {}
    gives: dict[int, set] = {}
    # Their topic rows and the rows their links give, in one statement.
    rows = TaggedEvent.objects.filter(Q(content_object_id__in=ids) | Q(given_by_id__in=ids))
    for event_id, tag_id, date, giver_id in rows.values_list(
        "content_object_id", "tag_id", "event_date", "given_by_id"
    ):
        if event_id in ids:
            topics.setdefault(event_id, set()).add(tag_id)
        if giver_id in ids:
            gives.setdefault(giver_id, set()).add((event_id, date, tag_id))
    public = Exists(Event.objects.published().filter(pk=OuterRef("pk")))
    events = Event.objects.filter(pk__in=ids).annotate(is_public=public).order_by()
    return {
        pk: EventState(
            pk,
            date,
            position,
            slug,
            is_public,
            frozenset(topics.get(pk, ())),
            frozenset(gives.get(pk, ())),
        )
        for pk, date, position, slug, is_public in events.values_list(
            "pk", "date", "position", "slug", "is_public"
        )
    }


def for_events(before: dict[int, EventState], after: dict[int, EventState]) -> set[str]:
    """The keys to purge when events went from `before` to `after` (missing: not there)."""
    pks = before.keys() | after.keys()
    if len(pks) > MOST_EVENTS_PER_PURGE:
        return {SITE}
    keys: set[str] = set()
    moved_dates: set[datetime.date] = set()
    for pk in pks:
        old, new = before.get(pk), after.get(pk)
        keys |= for_event(old, new)
        if _changes_the_calendar(old, new):
            moved_dates |= {state.date for state in (old, new) if state is not None}
    return keys | neighbour_keys(moved_dates)


def for_event(old: EventState | None, new: EventState | None) -> set[str]:
    public = [state for state in (old, new) if state is not None and state.is_public]
    if not public:
        return set()  # a draft before and after: nothing public changed
    keys = {SEARCH, API, SITEMAP, FEEDS}
    for state in public:
        keys |= {event_key(state.pk), day_key(state.date), month_key(state.date)}
        keys.add(on_this_day_key(state.date))
    if old is None or new is None or old.place != new.place:
        # It joined, left or moved within the lists: every list that shows it changes.
        keys |= {HOME, TOPIC_INDEX, NOT_FOUND, OUTLETS}
        for state in public:
            keys |= {year_key(state.date), *map(topic_key, state.topic_ids)}
    elif old.topic_ids != new.topic_ids:
        # Every topic of the event, kept ones too: a topic page counts the topics seen with it.
        keys |= {TOPIC_INDEX, *map(topic_key, old.topic_ids | new.topic_ids)}
    return keys | _given_topic_keys(old, new)


def _given_topic_keys(old: EventState | None, new: EventState | None) -> set[str]:
    """The topics an event's links give show while it is public: when it becomes public or
    stops being so, or gives others while public, its targets' pages and those topics'."""
    was = old.gives if old is not None and old.is_public else frozenset()
    is_now = new.gives if new is not None and new.is_public else frozenset()
    changed = was ^ is_now
    if not changed:
        return set()
    keys = {TOPIC_INDEX, SEARCH}
    for target_id, date, topic_id in changed:
        keys |= {event_key(target_id), day_key(date), topic_key(topic_id)}
    return keys


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
    from events.models import Event
    from events.public.queries.periods import neighbours

    public = Event.objects.published()
    keys = set()
    for date in dates:
        for period, key in (("day", day_key), ("month", month_key), ("year", year_key)):
            keys |= {key(found) for found in neighbours(public, date, period) if found}
    return keys


def for_event_parts(event_ids: Iterable[int]) -> set[str]:
    """Sources or related links of these events changed: the pages showing the events, the
    outlets' pages, which count and list sources, and the feeds and sitemap, whose update
    times move with them (events.last_change)."""
    event_ids = set(event_ids)
    if len(event_ids) > MOST_EVENTS_PER_PURGE:
        return {SITE}
    return {
        SEARCH,
        API,
        OUTLETS,
        FEEDS,
        SITEMAP,
        *map(event_key, event_ids),
        *_days_of(event_ids),
    }


def for_outlets(event_ids: Iterable[int] = ()) -> set[str]:
    """Outlets renamed or merged: their pages, and the events whose sources show them."""
    return {OUTLETS, *for_event_parts(event_ids)} if event_ids else {OUTLETS, SEARCH, API}


def _days_of(event_ids: set[int]) -> set[str]:
    """The events' days: a page showing too many events names their days (`shown`)."""
    from events.models import Event

    dates = Event.objects.filter(pk__in=event_ids).values_list("date", flat=True).distinct()
    return set(map(day_key, dates))


def for_topic_rows(pairs: Iterable[tuple[int, int]]) -> set[str]:
    """(event id, topic id) rows added or removed (the feeds and sitemap show the events'
    update times, which move with their topics: events.last_change)."""
    event_ids, topic_ids = set(), set()
    for event_id, topic_id in pairs:
        event_ids.add(event_id)
        topic_ids.add(topic_id)
    if not event_ids:
        return set()
    if len(event_ids) > MOST_EVENTS_PER_PURGE:
        return {SITE}
    events = {*map(event_key, event_ids), *_days_of(event_ids)}
    # The events' other topics too: a topic page counts the topics seen with it.
    topics = {*map(topic_key, topic_ids), *map(topic_key, _topics_of(event_ids))}
    return {TOPIC_INDEX, SEARCH, API, FEEDS, SITEMAP, *events, *topics}


def _topics_of(event_ids: set[int]) -> set[int]:
    from events.models import TaggedEvent

    rows = TaggedEvent.objects.filter(content_object_id__in=event_ids)
    return set(rows.values_list("tag_id", flat=True).distinct())


def for_topics(topic_ids: Iterable[int]) -> set[str]:
    """Topics renamed, merged or deleted: their pages, and every page showing their name."""
    from events.models import TaggedEvent

    topic_ids = list(topic_ids)
    rows = TaggedEvent.objects.filter(tag_id__in=topic_ids).values_list(
        "content_object_id", "event_date"
    )
    events = set(rows[: MOST_EVENTS_PER_PURGE + 1])
    if len(events) > MOST_EVENTS_PER_PURGE:
        return {SITE}
    shown_with_them = {key for pk, date in events for key in (event_key(pk), day_key(date))}
    return {
        TOPIC_INDEX,
        SEARCH,
        API,
        FEEDS,
        NOT_FOUND,
        *map(topic_key, topic_ids),
        *shown_with_them,
    }
