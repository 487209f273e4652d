"""The geometry of a topic's timeline chart: one bar per month across the page's width, drawn
as SVG by the template (templates/jinja2/includes/timeline_chart.html). Numbers only; the
template writes the markup.

A topic spanning more than MOST_MONTHS months is drawn one bar per year: a thousand months
across a page are bars under a pixel wide, too thin to read or to click, and the chart and its
table were half a megabyte of HTML for a topic of eighty years (the page's time went in
writing them). Years keep the chart's size bounded by the topic's span in years.

The SVG has no viewBox: bars are placed in percentages of its width, so the chart spans the
column at any width while its heights and labels stay in CSS pixels, readable on a phone.
Each bar is a link to that month's (or year's) events of the topic (the search, filtered by
topic and the period's dates); a period without events has no bar and no link.
"""

import calendar
import datetime
from collections import Counter
from dataclasses import dataclass

CHART_HEIGHT = 120  # the tallest bar, in CSS pixels; labels go below it
LABEL_SPACE = 34  # room for a row of month labels and a row of year labels
SHORT = 24  # at most this many months: each month's initial is written under its bar
MOST_YEAR_LABELS = 8  # a phone's width holds about this many year labels side by side
GAP = 0.2  # of each bar's slot, left between bars
# Twenty years of months: bars about 3 pixels wide in a desktop column. Beyond, one per year.
MOST_MONTHS = 240


@dataclass(frozen=True)
class Bar:
    start: datetime.date  # the first day of its month, or of its year
    count: int
    x: float  # percent of the chart's width
    width: float  # percent
    y: float  # pixels
    height: float  # pixels
    per_year: bool = False

    @property
    def last_day(self) -> datetime.date:
        if self.per_year:
            return self.start.replace(month=12, day=31)
        return self.start.replace(day=calendar.monthrange(self.start.year, self.start.month)[1])

    @property
    def name_format(self) -> str:
        """How the template writes the bar's period: "February 2012", or "2012"."""
        return "Y" if self.per_year else "F Y"

    @property
    def middle(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Label:
    text: str
    x: float  # percent, where the label starts


@dataclass(frozen=True)
class TimelineChart:
    bars: list[Bar]
    years: list[Label]
    months: list[Label]
    height: int
    busiest: Bar

    @property
    def axis_y(self) -> float:
        return CHART_HEIGHT + 0.5

    @property
    def per_year(self) -> bool:
        return self.bars[0].per_year

    @property
    def period(self) -> str:
        return "year" if self.per_year else "month"

    @property
    def first(self) -> Bar:
        return self.bars[0]

    @property
    def last(self) -> Bar:
        return self.bars[-1]


def months_between(first: datetime.date, last: datetime.date):
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def years_between(first: datetime.date, last: datetime.date):
    for year in range(first.year, last.year + 1):
        yield datetime.date(year, 1, 1)


def timeline_chart(month_counts) -> TimelineChart | None:
    """Bars for every month from the first with events to the last (empty months included,
    so quiet spells show), scaled to the busiest month; the years labelled under their
    Januaries (every few years when there are many), and each month's initial when the span
    is short. Over MOST_MONTHS months, the same for every year."""
    if not month_counts:
        return None
    first, last = month_counts[0][0], month_counts[-1][0]
    months = list(months_between(first, last))
    per_year = len(months) > MOST_MONTHS
    counts = Counter()
    for month, count in month_counts:
        counts[month.replace(month=1) if per_year else month] += count
    periods = list(years_between(first, last)) if per_year else months
    bars = _bars(periods, counts, per_year)
    return TimelineChart(
        bars=bars,
        years=year_labels(bars),
        months=[Label(bar.start.strftime("%b")[0], bar.x) for bar in bars]
        if len(bars) <= SHORT and not per_year
        else [],
        height=CHART_HEIGHT + LABEL_SPACE,
        busiest=max(bars, key=lambda bar: bar.count),
    )


def _bars(periods: list[datetime.date], counts: Counter, per_year: bool) -> list[Bar]:
    """One bar per period, in an equal slot of the width, scaled to the busiest."""
    most = max(counts.values())
    slot = 100 / len(periods)
    bars = []
    for index, start in enumerate(periods):
        count = counts.get(start, 0)
        height = max(2.0, CHART_HEIGHT * count / most) if count else 0.0
        x = round(index * slot + slot * GAP / 2, 3)
        width = round(slot * (1 - GAP), 3)
        bars.append(Bar(start, count, x, width, CHART_HEIGHT - height, height, per_year))
    return bars


def year_labels(bars: list[Bar]) -> list[Label]:
    """A label at each year's first month shown, every `step` years so they never crowd."""
    firsts = [bar for index, bar in enumerate(bars) if index == 0 or bar.start.month == 1]
    step = -(-len(firsts) // MOST_YEAR_LABELS)
    shown = [bar for bar in firsts if (bar.start.year - firsts[0].start.year) % step == 0]
    # The first label only when there is room for it before the next one (6% of the width).
    if len(shown) > 1 and shown[1].x - shown[0].x < 6:
        shown = shown[1:]
    return [Label(str(bar.start.year), round(bar.x, 3)) for bar in shown]
