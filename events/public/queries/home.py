"""The few queries behind each public page: what they load, and nothing more.

Every function takes a queryset that already says which events are visible (see
`events.public.mixins.VisibleEventsMixin`) and adds only the columns and related rows its page
shows, so a page costs the same handful of queries however many events it lists.
"""

from django.db.models import CharField, Count
from django.db.models.functions import Cast, Substr


def days_with_counts(events):
    """(date, number of events) per day that has events, newest first: a pageable query."""
    return events.order_by().values("date").annotate(count=Count("pk")).order_by("-date")


def years_with_events(events) -> list[int]:
    """The years that have events, newest first.

    From the ISO date's first four characters: QuerySet.dates() truncates with a function
    that SQLite runs in Python for every row, ten times slower on a large archive.
    """
    year = Substr(Cast("date", output_field=CharField()), 1, 4)
    found = events.order_by().annotate(year=year).values_list("year", flat=True).distinct()
    return sorted((int(value) for value in found), reverse=True)


def events_on_days(events, days):
    """The headlines of the given days, grouped by day, in each day's order: one query."""
    rows = events.filter(date__in=days).only("date", "slug", "headline").order_by("position", "pk")
    by_day = {day: [] for day in days}
    for event in rows:
        by_day[event.date].append(event)
    return by_day
