"""A reader reads a topic's chart across the page and clicks its busiest month, in a real
Chromium with JavaScript off, on desktop and phone. Screenshots in test-artifacts/browser/
(<width>-chart-*.png)."""

import datetime

import pytest

from tests.factories import EventFactory
from tests.test_browser_public import read_without_script_at_both_widths

pytestmark = [
    pytest.mark.browser,
    pytest.mark.presentation,
    pytest.mark.django_db(transaction=True),
]

PEAK = datetime.date(2025, 12, 1)


def a_topic():
    """Syria in the news now and then since 2011, most of all in December 2025."""
    for year in range(2011, 2026):
        EventFactory(date=datetime.date(year, 3, 15), topics=["Syria"])
    for day in range(1, 8):
        EventFactory(date=PEAK.replace(day=day), headline=f"Damascus, day {day}.", topics=["Syria"])


def click_the_peak(reader):
    page = reader.page
    page.goto(reader.base_url + "/topics/syria/")
    reader.check("chart-1-topic", "Syria")
    chart = page.locator(".timeline-chart svg")
    column = page.locator(".topic-overview").bounding_box()
    assert chart.bounding_box()["width"] >= column["width"] - 1  # across the page
    labels = page.locator(".timeline-chart text").all_text_contents()
    assert labels[0] == "2011" and labels[-1] == "2025"
    peak = page.get_by_role("link", name="December 2025: 7 events")
    box = peak.bounding_box()
    assert box["x"] > column["x"] + column["width"] * 0.9  # the last month, at the right
    peak.click()
    reader.check("chart-2-peak-month", "Search the archive")
    assert "7 events" in page.locator("#results-heading").inner_text()
    chosen = page.locator(".chosen-filters").inner_text()
    assert "Syria" in chosen and "1 December 2025" in chosen and "31 December 2025" in chosen


def test_a_reader_opens_the_busiest_month_from_the_chart(live_server):
    a_topic()
    read_without_script_at_both_widths(live_server, click_the_peak)
