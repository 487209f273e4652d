"""The geometry of a topic's timeline chart: one bar per month, drawn as SVG by the template
(templates/jinja2/includes/timeline_chart.html). Numbers only; the template writes the markup."""

import datetime
from dataclasses import dataclass

BAR_WIDTH = 6
BAR_GAP = 1
CHART_HEIGHT = 80  # the tallest bar; labels go below it
LABEL_SPACE = 16
FIRST_LABEL_BY_MONTH = 8


@dataclass(frozen=True)
class Bar:
    month: datetime.date
    count: int
    x: int
    y: float
    height: float


@dataclass(frozen=True)
class YearMark:
    year: int
    x: int


@dataclass(frozen=True)
class TimelineChart:
    bars: list[Bar]
    years: list[YearMark]
    width: int
    height: int
    busiest: Bar
    first_month: datetime.date
    last_month: datetime.date


def months_between(first: datetime.date, last: datetime.date):
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def timeline_chart(month_counts) -> TimelineChart | None:
    """Bars for every month from the first with events to the last (empty months included,
    so quiet spells show), scaled to the busiest month; a label at each January."""
    if not month_counts:
        return None
    counts = dict(month_counts)
    most = max(counts.values())
    step = BAR_WIDTH + BAR_GAP
    bars = []
    for index, month in enumerate(months_between(month_counts[0][0], month_counts[-1][0])):
        count = counts.get(month, 0)
        height = max(1.0, CHART_HEIGHT * count / most) if count else 0.0
        bars.append(Bar(month, count, index * step, CHART_HEIGHT - height, height))
    # Each January is labelled; the first month too, unless a January follows too closely
    # for both labels to fit.
    years = [
        YearMark(bar.month.year, bar.x)
        for index, bar in enumerate(bars)
        if bar.month.month == 1 or (index == 0 and bar.month.month <= FIRST_LABEL_BY_MONTH)
    ]
    busiest = max(bars, key=lambda bar: bar.count)
    return TimelineChart(
        bars=bars,
        years=years,
        width=max(len(bars) * step, 60),
        height=CHART_HEIGHT + LABEL_SPACE,
        busiest=busiest,
        first_month=bars[0].month,
        last_month=bars[-1].month,
    )
