"""Calendar periods (day, month, year) and the nearest ones, either side, that have events."""

import datetime

from django.db import connections
from django.db.models import CharField, DateField, F, Max, Min
from django.db.models.functions import Cast, Substr, Trunc

# How far each look for a neighbouring period reaches, nearest first (None: without limit).
# Why not Django's own lookup: it orders the visible events by date and takes the first, and
# with published()'s two alternative conditions the database sorts every earlier (or later)
# event to do so. A dense archive finds both neighbours in the first, index-bounded window, in
# one query; each gap wider than a window costs one more small query on that side.
REACH = {
    "day": (datetime.timedelta(days=7), datetime.timedelta(days=400), None),
    "month": (datetime.timedelta(days=62), datetime.timedelta(days=2 * 366), None),
    "year": (datetime.timedelta(days=2 * 366), datetime.timedelta(days=20 * 366), None),
}


ISO_LENGTHS = {"month": len("2012-02"), "year": len("2012")}


def period_of(field: str, period: str, using: str):
    """The day, month or year of the date `field`, to group on. A day is the column itself. On
    SQLite a month or year is the start of the date's text (`2012-02`, `2012`): Django's
    Trunc and Extract call back into Python there for every row (2 ms of a month page's 33,
    9 ms of a year page's 25; a search's year facet 63-108 ms against 28-52 ms for 5,000
    matches; 100,000-event bench database). PostgreSQL truncates natively, whatever text its
    DateStyle would give. `group_start` reads either back."""
    if period == "day":
        return F(field)
    if connections[using].vendor == "sqlite":
        return Substr(Cast(field, CharField()), 1, ISO_LENGTHS[period])
    return Trunc(field, period, output_field=DateField())


def group_start(value) -> datetime.date:
    """What `period_of` gave: a date, or SQLite's `2012-02` or `2012`, as the date it starts."""
    if isinstance(value, datetime.date):
        return value
    year, month, day = (value.split("-") + ["1", "1"])[:3]
    return datetime.date(int(year), int(month), int(day))


def period_start(date: datetime.date, period: str) -> datetime.date:
    if period == "year":
        return date.replace(month=1, day=1)
    if period == "month":
        return date.replace(day=1)
    return date


def period_end(date: datetime.date, period: str) -> datetime.date:
    """The first day after the period."""
    start = period_start(date, period)
    if period == "year":
        return start.replace(year=start.year + 1)
    if period == "month":
        return (start + datetime.timedelta(days=32)).replace(day=1)
    return start + datetime.timedelta(days=1)


def neighbours(events, date: datetime.date, period: str):
    """(previous, next): the starts of the nearest periods either side in which `events` has any."""
    start, end = period_start(date, period), period_end(date, period)
    near, *farther = REACH[period]
    window = events.filter(date__gte=start - near, date__lt=end + near)
    # The window's distinct dates are few (at most one per day); picking in Python is cheaper
    # than asking the database for two filtered aggregates.
    dates = set(window.order_by().values_list("date", flat=True).distinct())
    previous = max((d for d in dates if d < start), default=None) or _look_farther(
        events, start, farther, before=True
    )
    following = min((d for d in dates if d >= end), default=None) or _look_farther(
        events, end, farther, before=False
    )
    return (
        period_start(previous, period) if previous else None,
        period_start(following, period) if following else None,
    )


def _look_farther(events, edge: datetime.date, reaches, *, before: bool):
    """The nearest event date before (or from) `edge`, in ever wider windows."""
    side = events.filter(date__lt=edge) if before else events.filter(date__gte=edge)
    for reach in reaches:
        window = side
        if reach:
            bound = {"date__gte": edge - reach} if before else {"date__lt": edge + reach}
            window = side.filter(**bound)
        found = window.aggregate(found=Max("date") if before else Min("date"))["found"]
        if found:
            return found
    return None
