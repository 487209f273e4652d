"""The few queries behind the home page: its latest events by day, and its two boxes.

Every function takes a queryset that already says which events are visible (see
`events.public.mixins.VisibleEventsMixin`) and adds only the columns and related rows its page
shows, so a page costs the same handful of queries however many events it lists.
"""

import datetime
from typing import NamedTuple

from django.db.models import Count, Exists, F, Window
from django.db.models.functions import RowNumber

from .listing import for_listing, with_outlets_and_topics
from .on_this_day import dates_of
from .topics import topics_most_seen_on

# The front page: the latest days that have events, newest first, and so many events of each
# (the first in the editors' order; the rest on the day's page). 7 x 25: under the 200 events
# any page lists.
FRONT_PAGE_DAYS = 7
MOST_EVENTS_A_DAY = 25
# "Ongoing": the topics with the most events in this many days, up to the latest day that has
# public events (not today: an archive may be historical, its news years old).
ONGOING_DAYS = 14
MOST_ONGOING_TOPICS = 8
# A period busier than this (an import of a whole year into one day) counts its latest events:
# their ids go to the database as a list.
MOST_ONGOING_EVENTS = 5000
# "On this day": how many events of today's calendar day in earlier years the box shows.
MOST_ON_THIS_DAY_EVENTS = 5


class FrontPageDay(NamedTuple):
    """A day on the home page: its first events (`MOST_EVENTS_A_DAY` at most) and how many
    it has in all (the rest are on its day page)."""

    date: datetime.date
    count: int
    events: list


class OngoingTopic(NamedTuple):
    name: str
    slug: str
    pk: int
    count: int


def latest_dates(visible, days: int) -> list[datetime.date]:
    """The latest `days` dates that have `visible` events, newest first: read from the
    (date, status, publish_at) index until that many dates are found, however large the
    archive."""
    dates = visible.order_by("-date").values_list("date", flat=True).distinct()
    return list(dates[:days])


def front_page_days(visible, dates: list[datetime.date]) -> list[FrontPageDay]:
    """The `dates`' events as the home shows them: the first `MOST_EVENTS_A_DAY` of each day
    in the editors' order, with their outlets and topics, and each day's count in all. Two
    statements whatever the number of days: the events ranked within their day (a window
    function, which also counts the day), then their outlets and topics."""
    if not dates:
        return []
    in_its_day = {"partition_by": F("date")}
    ranked = (
        for_listing(visible.filter(date__in=dates))
        .annotate(
            rank=Window(RowNumber(), order_by=[F("position").asc(), F("pk").asc()], **in_its_day),
            day_count=Window(Count("pk"), **in_its_day),
        )
        .filter(rank__lte=MOST_EVENTS_A_DAY)
        .order_by("-date", "position", "pk")
    )
    days: dict[datetime.date, list] = {}
    for event in with_outlets_and_topics(ranked):
        days.setdefault(event.date, []).append(event)
    return [FrontPageDay(date, listed[0].day_count, listed) for date, listed in days.items()]


def years_with_events(events, latest: datetime.date | None) -> list[int]:
    """The years that have events, newest first; `latest`: their latest date (the home has
    read it already, `latest_dates`), None when there are none.

    Two statements that read a few rows, whatever the archive's size: the first date (the
    date index, from its start), then whether each year between has an event (one EXISTS per
    year, each a range of the index). The years of every event's date, made
    distinct, read the whole archive: 77 ms on SQLite and 128 ms on PostgreSQL against 6.9 and
    14.1 ms for these, at 100,000 events over 17 years (`make bench-web`'s database, median of
    7), growing with the archive where these grow with its years.
    """
    if latest is None:
        return []
    first = events.order_by("date").values_list("date", flat=True).first()
    span = range(latest.year, first.year - 1, -1)
    has_events = {f"y{year}": Exists(events.filter(date__year=year)) for year in span}
    found = events.order_by().annotate(**has_events).values(*has_events)[0]
    return [year for year in span if found[f"y{year}"]]


def ongoing_period(latest: datetime.date | None) -> tuple[datetime.date, datetime.date] | None:
    """The `ONGOING_DAYS` days ending on `latest`, the latest day with visible events (None:
    there is none)."""
    if latest is None:
        return None
    return latest - datetime.timedelta(days=ONGOING_DAYS - 1), latest


def ongoing_topics(visible, period: tuple[datetime.date, datetime.date]) -> list[OngoingTopic]:
    """The topics with the most visible events in `period`, most first (then by name).

    Each event counts once per topic, and a topic a related link gave counts only while the
    linking event is public (`shown_publicly`), as on the topic pages. Two queries: the
    period's events (the date index), then their topic rows by event. Asked in one, with the
    events as a subquery, SQLite scanned every topic row instead: 164 ms against 14 ms for
    these two (50,000 events with 7 topics each, best of 5, same run).
    """
    in_period = visible.filter(date__range=period).order_by("-date", "position", "pk")
    event_ids = list(in_period.values_list("pk", flat=True)[:MOST_ONGOING_EVENTS])
    if not event_ids:
        return []
    return [
        OngoingTopic(row["tag__name"], row["tag__slug"], row["tag_id"], row["count"])
        for row in topics_most_seen_on(event_ids)[:MOST_ONGOING_TOPICS]
    ]


def on_this_day_before(visible, today: datetime.date, years: list[int]) -> list:
    """A few visible events of `today`'s month and day in the years before it that have
    events (`years`, from `years_with_events`), newest first."""
    earlier = [year for year in years if year < today.year]
    if not earlier:
        return []
    dates = dates_of(today, min(earlier), max(earlier))
    events = for_listing(visible.filter(date__in=dates)).order_by("-date", "position", "pk")
    return list(events[:MOST_ON_THIS_DAY_EVENTS])
