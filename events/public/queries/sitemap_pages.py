"""The sitemap's two lists, public events and public days, numbered from each day's stored
count (events.models.day_counts) instead of counted, and each section read from the days it
covers instead of skipped to with an offset over every public event before it.

Both are sequences as Django's paginator takes them (a count and slices), so the sitemap's
index numbers its sections and each section reads only its own events or days.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Max, Sum
from django.utils import timezone

from events.models import DayCount, Event
from events.models.day_counts import not_yet_public_days

from .listing import along_dates


@dataclass(frozen=True)
class PublicDay:
    date: datetime.date
    lastmod: datetime.datetime


class _PublicDays:
    """What every request reads first: the days with events counted, less those not due."""

    def __init__(self):
        # One moment for the whole request: an event falling due between the count and the
        # section read would shift the section by one.
        self.now = timezone.now()
        self.later = not_yet_public_days(self.now)

    def counted(self):
        return DayCount.objects.filter(public_count__gt=0)

    @cached_property
    def hidden(self) -> list[datetime.date]:
        """Days whose every counted event is not due yet: few, as the scheduled events are.
        Read once a request (the paginator counts, then slices)."""
        counts = self.counted().filter(date__in=list(self.later))
        counts = counts.values_list("date", "public_count")
        return [date for date, count in counts if count <= self.later[date]]


class PublicDays(_PublicDays):
    """Every day with a public event, in date order, with when it last changed (its latest
    public event's change time)."""

    def count(self) -> int:
        return self.counted().count() - len(self.hidden)

    def __getitem__(self, part: slice) -> list[PublicDay]:
        days = self.counted().exclude(date__in=self.hidden).order_by("date")
        dates = list(days.values_list("date", flat=True)[part])
        if not dates:
            return []
        public = along_dates(Event.objects.published(self.now)).filter(
            date__range=(dates[0], dates[-1])
        )
        lastmods = dict(
            public.order_by()
            .values("date")
            .annotate(lastmod=Max("updated_at"))
            .values_list("date", "lastmod")
        )
        # Every one of these days has a public event; should a count ever say otherwise, the
        # day is left out rather than the section failing.
        return [PublicDay(date, lastmods[date]) for date in dates if date in lastmods]


class PublicEvents(_PublicDays):
    """Every public event in date and day order: a slice starts at the day its first event
    is on, found by adding up the days' counts (30,000 small rows at 1,000,000 events)."""

    def count(self) -> int:
        total = self.counted().aggregate(total=Sum("public_count"))["total"] or 0
        return total - sum(self.later.values())

    def __getitem__(self, part: slice):
        start, stop = part.start or 0, part.stop
        first_day, skipped = self._day_of(start)
        if first_day is None:
            return []
        events = along_dates(Event.objects.published(self.now)).filter(date__gte=first_day)
        ordered = events.only("date", "slug", "updated_at").order_by("date", "position", "pk")
        return ordered[start - skipped : stop - skipped]

    def _day_of(self, index: int) -> tuple[datetime.date | None, int]:
        """The day of the `index`th public event, and how many public events come before it."""
        before = 0
        for date, count in self.counted().order_by("date").values_list("date", "public_count"):
            public = count - self.later[date]
            if before + public > index:
                return date, before
            before += public
        return None, before
