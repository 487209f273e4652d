"""The geometry of a topic's timeline chart: one bar per month across the page's width, drawn
as SVG by the template (templates/jinja2/includes/timeline_chart.html). Numbers only; the
template writes the markup.

The SVG has no viewBox: bars are placed in percentages of its width, so the chart spans the
column at any width while its heights and labels stay in CSS pixels, readable on a phone.
Each bar is a link to that month's events of the topic (the search, filtered by topic and the
month's dates); a month without events has no bar and no link.
"""

import calendar
import datetime
from dataclasses import dataclass

CHART_HEIGHT = 120  # the tallest bar, in CSS pixels; labels go below it
LABEL_SPACE = 34  # room for a row of month labels and a row of year labels
SHORT = 24  # at most this many months: each month's initial is written under its bar
MOST_YEAR_LABELS = 8  # a phone's width holds about this many year labels side by side
GAP = 0.2  # of each month's slot, left between bars


@dataclass(frozen=True)
class Bar:
    month: datetime.date
    count: int
    x: float  # percent of the chart's width
    width: float  # percent
    y: float  # pixels
    height: float  # pixels

    @property
    def last_day(self) -> datetime.date:
        return self.month.replace(day=calendar.monthrange(self.month.year, self.month.month)[1])

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
    first_month: datetime.date
    last_month: datetime.date

    @property
    def axis_y(self) -> float:
        return CHART_HEIGHT + 0.5


def months_between(first: datetime.date, last: datetime.date):
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def timeline_chart(month_counts) -> TimelineChart | None:
    """Bars for every month from the first with events to the last (empty months included,
    so quiet spells show), scaled to the busiest month; the years labelled under their
    Januaries (every few years when there are many), and each month's initial when the span
    is short."""
    if not month_counts:
        return None
    counts = dict(month_counts)
    most = max(counts.values())
    months = list(months_between(month_counts[0][0], month_counts[-1][0]))
    slot = 100 / len(months)
    bars = []
    for index, month in enumerate(months):
        count = counts.get(month, 0)
        height = max(2.0, CHART_HEIGHT * count / most) if count else 0.0
        x = round(index * slot + slot * GAP / 2, 3)
        bars.append(Bar(month, count, x, round(slot * (1 - GAP), 3), CHART_HEIGHT - height, height))
    return TimelineChart(
        bars=bars,
        years=year_labels(bars),
        months=[Label(bar.month.strftime("%b")[0], bar.x) for bar in bars]
        if len(bars) <= SHORT
        else [],
        height=CHART_HEIGHT + LABEL_SPACE,
        busiest=max(bars, key=lambda bar: bar.count),
        first_month=bars[0].month,
        last_month=bars[-1].month,
    )


def year_labels(bars: list[Bar]) -> list[Label]:
    """A label at each year's first month shown, every `step` years so they never crowd."""
    firsts = [bar for index, bar in enumerate(bars) if index == 0 or bar.month.month == 1]
    step = -(-len(firsts) // MOST_YEAR_LABELS)
    shown = [bar for bar in firsts if (bar.month.year - firsts[0].month.year) % step == 0]
    # The first label only when there is room for it before the next one (6% of the width).
    if len(shown) > 1 and shown[1].x - shown[0].x < 6:
        shown = shown[1:]
    return [Label(str(bar.month.year), round(bar.x, 3)) for bar in shown]
