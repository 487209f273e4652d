"""Surrogate keys: what each public page shows (here), and what each write purges
(events.changes.purges, from the states before and after the write).

A page's `xkey` header names what it shows; a write purges the keys of its old and new state:

| key         | carried by                                          | purged when               |
|-------------|-----------------------------------------------------|---------------------------|
| `e<id>`     | every page showing the event (its page, lists, links) | the event changes       |
| `d<date>`   | that day's page                                     | an event of it changes    |
| `n<date>`   | the pages of that day's events (their links to the  | a day either side gains   |
|             | days either side) and their API answers             | its first or loses its    |
|             |                                                     | last event                |
| `m<month>`  | that month's page                                   | an event of it changes    |
| `y<year>`   | that year's page                                    | its list of months changes|
| `o<MM-DD>`  | on-this-day of that day of the year (all years),    | an event of one changes   |
|             | the home on that day (its "On this day" box)        |                           |
| `t<id>`     | the topic's page, pages of topics often seen with   | its list or name changes, |
|             | it, event pages whose "what happened next" is not   | its events' topics change |
|             | full, or too long to name by months or years        |                           |
| `x<id>.<m>` | pages of events with the topic whose full "what     | an event joins or leaves  |
| `x<id>.<y>` | happened next" reaches that month or year           | the topic on a day of it  |
| `home`, `topics`, `feeds`, `sitemap` | those listings (the latest | what they list changes    |
|             | feed carries `home` too, a topic's feed `t<id>`)    |                           |
| `search`    | every search (which also carries its events' keys)  | topics or outlets renamed |
| `outlets`   | `/outlets/`, each outlet's page, the API's outlets  | a source or outlet changes|
| `api`       | the API's lists (events, withdrawn, days, topics,   | topics or outlets renamed,|
|             | outlets)                                            | merged, given by links    |
| `updates`   | the API's event lists by last change or since one   | any event's last change   |
| `lists`     | search pages, the API's lists without `q`           | as `api`, for one event   |
| `w<word>`,  | searches (pages, the API's `q`) for a word, or a    | an event's text with it   |
| `p<ab>`     | prefix starting so (events.http_cache.terms)        | changes                   |
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

SITE = "site"
HOME = "home"
TOPIC_INDEX = "topics"
FEEDS = "feeds"
SITEMAP = "sitemap"
SEARCH = "search"
# Outlet pages are few and cheap: one key for all of them, purged by any change of a source.
OUTLETS = "outlets"
# The read API's lists can be filtered by anything an event has, as search can: purged with it
# (but for a text edit: their keys of words, events.http_cache.terms, as search pages).
API = "api"
# The read API's lists by last change, or since a moment: any event's last change moves them.
UPDATES = "updates"
# Searches without words (filters only) and the read API's lists without `q` (events, days,
# topics, outlets, withdrawn): a public event joining, leaving or moving, or its topics or
# sources changing, may change them. Searches with words carry their words' keys instead.
LISTS = "lists"
DUMPS = "dumps"
NOT_FOUND = "notfound"
REDIRECTS = "redirects"

# Varnish refuses response headers over 8 KB: a page showing more events than this names their
# days instead, which every change of one of its events purges too.
MOST_EVENT_KEYS_PER_PAGE = 300
# A page's whole key header stays under this, however many events, days and topics it shows.
MOST_KEY_HEADER_BYTES = 4000


def event_key(pk: int) -> str:
    return f"e{pk}"


def day_key(day: datetime.date) -> str:
    return f"d{day.isoformat()}"


def neighbours_key(day: datetime.date) -> str:
    """The days either side of `day` that have events, as its events' pages link to them. Not
    `day_key`: a typo fixed in one event would purge every other event's page of its day."""
    return f"n{day.isoformat()}"


def month_key(day: datetime.date) -> str:
    return f"m{day:%Y-%m}"


def year_key(day: datetime.date) -> str:
    return f"y{day.year:04d}"


def on_this_day_key(day: datetime.date) -> str:
    """The calendar day of `day` in every year: `o02-08`."""
    return f"o{day:%m-%d}"


def topic_key(pk: int) -> str:
    return f"t{pk}"


# "What happened next" on an event's page: the first later public events sharing one of its
# topics. A full list names, per topic, the months (or years) its dates cover: a topic's event
# joining or leaving on a date purges that date's month and year of the topic (`topic_on`), so
# only the pages whose lists reach that date, not every page of a topic of 50,000 events. A
# list that is not full, or spans longer, names the topic itself, purged by any such change.
NEXT_BY_MONTHS_UNDER = 3
NEXT_BY_YEARS_UNDER = 3
MOST_NEXT_KEYS = 40


def next_month_key(topic_pk: int, day: datetime.date) -> str:
    return f"x{topic_pk}.{day:%Y-%m}"


def next_year_key(topic_pk: int, day: datetime.date) -> str:
    return f"x{topic_pk}.{day.year:04d}"


def topic_on(topic_pk: int, day: datetime.date) -> set[str]:
    """A public event joined or left the topic on `day`: the topic's pages, and the "what
    happened next" lists reaching that day."""
    return {topic_key(topic_pk), next_month_key(topic_pk, day), next_year_key(topic_pk, day)}


def next_list(topic_ids: Iterable[int], start: datetime.date, end: datetime.date | None):
    """The keys of "what happened next" on the page of an event of `start` with these topics;
    `end`: the day of the list's last event when the list is full (None: any later event of
    the topics may join it)."""
    topic_ids = list(topic_ids)
    if end is None:
        return [topic_key(pk) for pk in topic_ids]
    months = (end.year - start.year) * 12 + end.month - start.month
    if months < NEXT_BY_MONTHS_UNDER:
        firsts = [_month_start(start, n) for n in range(months + 1)]
        found = [next_month_key(pk, first) for pk in topic_ids for first in firsts]
    elif end.year - start.year < NEXT_BY_YEARS_UNDER:
        years = [datetime.date(year, 1, 1) for year in range(start.year, end.year + 1)]
        found = [next_year_key(pk, first) for pk in topic_ids for first in years]
    else:
        found = []
    return found if 0 < len(found) <= MOST_NEXT_KEYS else [topic_key(pk) for pk in topic_ids]


def _month_start(day: datetime.date, months_later: int) -> datetime.date:
    month = day.month - 1 + months_later
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


# What pages show ---------------------------------------------------------------------------


def shown(*keys: str, events: Iterable = ()) -> list[str]:
    """A page's keys: its own, then one per event it shows; past the bound, the days of those
    events instead (every change of an event purges its day too), and past the header's
    bound their months."""
    events = list(events)
    event_keys = list(dict.fromkeys(event_key(event.pk) for event in events))
    if len(event_keys) > MOST_EVENT_KEYS_PER_PAGE:
        event_keys = list(dict.fromkeys(day_key(event.date) for event in events))
    if header_bytes([*keys, *event_keys]) > MOST_KEY_HEADER_BYTES:
        event_keys = list(dict.fromkeys(month_key(event.date) for event in events))
    return list(dict.fromkeys([*keys, *event_keys]))


def _is_topic_key(key: str) -> bool:
    return key[:1] == "t" and key[1:].isdigit()


def header_bytes(keys: list[str]) -> int:
    return sum(len(key) + 1 for key in keys)


def within_header(keys: list[str]) -> list[str] | None:
    """`keys` as a header Varnish takes: topics past the bound named by the topic index's key
    (every purge of a topic's key purges it too); None when even that is too long."""
    if header_bytes(keys) <= MOST_KEY_HEADER_BYTES:
        return keys
    coarser = list(dict.fromkeys(TOPIC_INDEX if _is_topic_key(key) else key for key in keys))
    return coarser if header_bytes(coarser) <= MOST_KEY_HEADER_BYTES else None


def day_page(day: datetime.date, events) -> list[str]:
    return shown(day_key(day), events=events)


def event_page(event, linked_events, topic_ids: Iterable[int], next_until=None) -> list[str]:
    """The event, the days either side of its day, the events its links and "what happened
    next" show, and what its topics' events may change of that list (`next_list`; `next_until`:
    the day of its last event when it is full)."""
    following = next_list(topic_ids, event.date, next_until)
    return shown(event_key(event.pk), neighbours_key(event.date), *following, events=linked_events)


def topic_page(topic_pk: int, events) -> list[str]:
    return shown(topic_key(topic_pk), events=events)
