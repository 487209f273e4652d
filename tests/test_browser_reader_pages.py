"""A reader in a real Chromium, with JavaScript off, walks event -> on this day -> month ->
topic -> topic index (filter, sort, A-Z) on desktop and phone; screenshots are kept in
test-artifacts/browser/ (reader-<width>-<step>.png)."""

import datetime

import pytest

from tests.browser import launch_chromium
from tests.factories import EventFactory
from tests.test_browser_public import SCREENSHOTS, VIEWPORTS, Reader, a_few_days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_longer_story():
    """The story of the other browser test, a year before it, and months of it after."""
    EventFactory(
        date=datetime.date(2011, 2, 8),
        headline="Chongqing's police chief leads a crackdown on organised crime.",
        topics=["Chongqing", "Bo Xilai"],
    )
    for month in (3, 3, 4, 6, 6, 6, 10):
        EventFactory(date=datetime.date(2012, month, 2), topics=["Chongqing", "Bo Xilai"])
    return a_few_days()


def walk(reader, event):
    page = reader.page
    page.goto(reader.base_url + event.get_absolute_url())
    reader.check("reader-1-event", event.headline)

    page.get_by_role("link", name="On this day: 8 February in other years").click()
    reader.check("reader-2-on-this-day", "On this day: 8 February")
    assert page.locator(".dated-events__day").count() == 2  # 2012, then 2011

    page.goto(reader.base_url + "/news/2012/02/")
    reader.check("reader-3-month", "February 2012")
    assert page.locator(".dated-events__list li").count() == 2

    page.goto(reader.base_url + "/topics/chongqing/")
    reader.check("reader-4-topic", "Chongqing")
    assert page.locator("figure.timeline-chart svg rect").count() == 7
    assert page.get_by_role("img", name="Events about Chongqing per month").is_visible()

    page.get_by_role("link", name="Topics", exact=True).first.click()
    reader.check("reader-5-topic-index", "Topics")
    page.get_by_label("Topic name contains").fill("o")
    page.get_by_label("Sort by").select_option("events")
    page.get_by_role("button", name="Show topics").click()
    reader.check("reader-6-topic-index-filtered", "Topics")
    listed = page.locator(".topic-index a").all_inner_texts()
    assert listed == ["Chongqing", "Bo Xilai"]
    page.locator(".az").get_by_role("link", name="B", exact=True).click()
    reader.check("reader-7-topic-index-letter", "Topics")
    assert page.locator(".topic-index a").all_inner_texts() == ["Bo Xilai"]


def test_reader_pages_work_without_javascript_on_desktop_and_phone(live_server):
    from playwright.sync_api import sync_playwright

    event = a_longer_story()  # before Playwright starts: its event loop then owns this thread
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for width_name, options in VIEWPORTS.items():
                context = browser.new_context(java_script_enabled=False, **options)
                walk(Reader(context.new_page(), live_server.url, width_name), event)
                context.close()
        finally:
            browser.close()
