"""The day page: a day's visible events in order, and the nearest days either side that have any.

Hand-written statements (see `sql`): the day page is the busiest page.
"""

import datetime
from typing import NamedTuple

from events.models import Event

from .listing import LISTED_COLUMNS, ListedEvent, with_outlets_and_topics
from .sql import as_date, date_parameter, fetch


class DayListing(NamedTuple):
    events: list[ListedEvent]
    previous_day: datetime.date | None  # the nearest earlier day with visible events
    next_day: datetime.date | None


def day_listing(visible: tuple[str, list], day: datetime.date, using="default") -> DayListing:
    """The events of `day` that the WHERE clause `visible` lets through, in their order, with
    outlets and topics, and the nearest days either side that have such events: two
    statements."""
    where, params = visible
    table = Event._meta.db_table
    columns = ", ".join(LISTED_COLUMNS)
    # The neighbours are scalar subqueries run once per statement; each reads the date index
    # from `day` outwards and stops at the first visible event, however wide the gap.
    sql = f"""
        SELECT {columns},
            (SELECT MAX(date) FROM {table} WHERE {where} AND date < %s),
            (SELECT MIN(date) FROM {table} WHERE {where} AND date > %s)
        FROM {table} WHERE {where} AND date = %s
        ORDER BY position, id
    """  # noqa: S608 (names from the models, values as parameters)
    day = date_parameter(day, using)
    rows = fetch(sql, [*params, day, *params, day, *params, day], using)
    if not rows:
        return DayListing([], None, None)
    listed = [ListedEvent(row[: len(LISTED_COLUMNS)]) for row in rows]
    with_outlets_and_topics(listed, using=using)
    previous_day, next_day = rows[0][len(LISTED_COLUMNS) :]
    return DayListing(listed, as_date(previous_day), as_date(next_day))
