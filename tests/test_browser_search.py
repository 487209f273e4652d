"""A reader searches in a real Chromium on desktop and phone: the syntax help, marked matches,
a facet that narrows the search with one click and the link that removes it, sorting by date.
Screenshots are kept in test-artifacts/browser/ (search-*.png)."""

import datetime

import pytest

from tests.browser import launch_chromium
from tests.factories import SourceFactory, event_with_details
from tests.test_browser_public import VIEWPORTS, Reader, a_few_days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def more_of_the_story():
    a_few_days()
    later = event_with_details(
        datetime.date(2013, 9, 22),
        headline="Bo Xilai is sentenced to life in prison; Wang Lijun's testimony weighed.",
        summary="The court in Jinan finds the former Chongqing chief guilty.",
        topics=["Bo Xilai", "Chongqing"],
        sources=0,
    )
    SourceFactory(event=later, name="Reuters", url="https://www.reuters.com/article/bo-xilai")


def search(reader):
    page = reader.page
    page.goto(reader.base_url + "/search/")
    reader.check("search-1-form", "Search the archive")
    page.get_by_text("How to search").click()
    assert page.get_by_text("words starting so").is_visible()
    reader.check("search-1-help", "Search the archive")

    page.locator("#id_q").fill('wang* -"bo xilai"')
    page.locator("#id_q").press("Enter")
    reader.check("search-2-results", "Search the archive")
    assert "2 events" in page.locator("#results-heading").inner_text()
    marked = page.locator(".event-list mark").all_inner_texts()
    assert set(marked) == {"Wang"}

    page.locator("#id_q").fill("chongqing")
    page.locator("#id_q").press("Enter")
    assert "3 events" in page.locator("#results-heading").inner_text()
    # Its stylesheet applied before asking what shows: on a loaded machine the phone's page
    # was asked while unstyled, its folded facets looked visible, and the click then waited
    # for a link the stylesheet hid.
    page.wait_for_load_state("load")
    facets = page.locator(".facets")
    if not facets.is_visible():  # on a phone they fold into a "Filter" disclosure
        page.locator(".facets-fold > summary").click()
        facets = page.locator(".facets-fold")
    facets.get_by_role("link", name="2013").click()
    reader.check("search-3-narrowed", "Search the archive")
    assert "1 event" in page.locator("#results-heading").inner_text()
    page.locator(".chosen-filters").get_by_role("link").first.click()
    assert "From" not in page.locator(".chosen-filters").all_inner_texts()[0]
    page.get_by_role("link", name="sort by date").click()
    reader.check("search-4-by-date", "Search the archive")
    dates = page.locator(".event-list .dateline time").evaluate_all(
        "times => times.map(time => time.getAttribute('datetime'))"
    )
    assert dates == sorted(dates, reverse=True)


def test_a_reader_searches_on_desktop_and_phone(live_server):
    from playwright.sync_api import sync_playwright

    more_of_the_story()  # before Playwright starts: its event loop then owns this thread
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for width_name, options in VIEWPORTS.items():
                context = browser.new_context(**options)
                search(Reader(context.new_page(), live_server.url, width_name))
                context.close()
        finally:
            browser.close()
