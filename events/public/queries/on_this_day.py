"""The on-this-day page: the events of one calendar day (8 February) in every year."""

import datetime

from django.db.models import Max, Min

from .listing import for_listing


def dates_of(calendar_day: datetime.date, first_year: int, last_year: int) -> list[datetime.date]:
    """That month and day in each year from `first_year` to `last_year` that has it (29
    February only in leap years)."""
    dates = []
    for year in range(first_year, last_year + 1):
        try:
            dates.append(calendar_day.replace(year=year))
        except ValueError:
            continue
    return dates


def on_this_day(visible, calendar_day: datetime.date):
    """The visible events of `calendar_day`'s month and day in every year, newest first.

    Asked as a list of whole dates (one per year the archive spans) rather than by month and
    day extracted from every event's date: the date index answers the first, the second reads
    every event of the archive.
    """
    span = visible.aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is None:
        return visible.none()
    dates = dates_of(calendar_day, span["first"].year, span["last"].year)
    return for_listing(visible.filter(date__in=dates)).order_by("-date", "position", "pk")
