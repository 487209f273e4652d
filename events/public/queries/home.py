"""The few queries behind each public page: what they load, and nothing more.

Every function takes a queryset that already says which events are visible (see
`events.public.mixins.VisibleEventsMixin`) and adds only the columns and related rows its page
shows, so a page costs the same handful of queries however many events it lists.
"""

from django.db.models import CharField, Count
from django.db.models.functions import Cast, Substr


def latest_events(events):
    """The events' headlines, newest day first and each day in its order: a pageable query."""
    return events.only("date", "position", "slug", "headline").order_by("-date", "position", "pk")


def by_day(events, visible) -> list[dict]:
    """A page of `latest_events` as its days: [{"date", "count", "events"}], where `count` is
    how many `visible` events the day has in all (a day may go on over the next page)."""
    days: dict = {}
    for event in events:
        days.setdefault(event.date, []).append(event)
    counts = (
        dict(
            visible.filter(date__in=list(days))
            .order_by()
            .values("date")
            .annotate(count=Count("pk"))
            .values_list("date", "count")
        )
        if days
        else {}
    )
    return [
        {"date": date, "count": counts.get(date, 0), "events": listed}
        for date, listed in days.items()
    ]


def years_with_events(events) -> list[int]:
    """The years that have events, newest first.

    From the ISO date's first four characters: QuerySet.dates() truncates with a function
    that SQLite runs in Python for every row, ten times slower on a large archive.
    """
    year = Substr(Cast("date", output_field=CharField()), 1, 4)
    found = events.order_by().annotate(year=year).values_list("year", flat=True).distinct()
    return sorted((int(value) for value in found), reverse=True)
