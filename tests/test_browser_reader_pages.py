"""A reader in a real Chromium, with JavaScript off, walks event -> on this day -> month ->
topic -> topic index (filter, sort, A-Z) on desktop and phone, and looks at the home and the
404 page in light and dark; screenshots are kept in test-artifacts/browser/
(reader-<width>-<step>.png, <width>-<page>-<scheme>.png)."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.browser import launch_chromium
from tests.factories import EventFactory
from tests.test_browser_public import SCREENSHOTS, VIEWPORTS, Reader, a_few_days

pytestmark = [
    pytest.mark.browser,
    pytest.mark.presentation,
    pytest.mark.django_db(transaction=True),
]


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
    # A bar per month with events, each a link named by its month and count.
    bars = page.locator("figure.timeline-chart svg a")
    assert bars.count() == 7
    assert bars.first.get_attribute("aria-label").endswith(("event", "events"))
    assert page.locator("svg[aria-labelledby='timeline-title timeline-desc']").is_visible()

    page.get_by_role("link", name="Topics", exact=True).first.click()
    reader.check("reader-5-topic-index", "Topics")
    # It opens with the most active topics first, and says so.
    assert page.locator(".topic-index a").first.inner_text() == "Chongqing"
    assert page.get_by_label("Sort by").input_value() == "events"
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


def today_in_earlier_years():
    """Events of today's calendar day a few years back, for the home's "On this day" box."""
    today = timezone.localdate()
    for year, topic in ((2011, "Chongqing"), (2009, "Bo Xilai")):
        if today.month == 2 and today.day == 29:
            year = 2008 + 4 * (year - 2008 > 2)
        EventFactory(
            date=today.replace(year=year),
            headline=f"On this day in {year}, the news of the day is told in a sentence.",
            topics=[topic],
        )


def look_at_home_and_not_found(reader, scheme):
    page = reader.page
    page.emulate_media(color_scheme=scheme)
    page.goto(reader.base_url + "/")
    reader.check(f"home-{scheme}", "Latest events")
    assert page.get_by_role("heading", name="Ongoing").is_visible()
    # The latest day, 2 October 2012, has one event of each (a tie: by name).
    assert page.locator("#ongoing-heading + p + ol a").all_inner_texts() == [
        "Bo Xilai",
        "Chongqing",
    ]
    assert page.get_by_role("heading", name="On this day", exact=True).is_visible()
    # Headlines look like links: the link colour, not the text's.
    headline = page.locator(".dated-events__headline").first
    colours = headline.evaluate(
        "link => [getComputedStyle(link).color, getComputedStyle(document.body).color]"
    )
    assert colours[0] != colours[1]
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert (background == "rgb(22, 22, 26)") == (scheme == "dark"), background
    # On a phone the boxes come after the events: a link leads there; on a desktop, beside.
    jump = page.get_by_role("link", name="Ongoing topics and on this day ↓")
    assert jump.is_visible() == (reader.width_name == "phone")
    # Past the latest seven days with events (which depend on today's): the day before them.
    earlier = page.get_by_role("link", name=re.compile("^Earlier: "))
    day = earlier.inner_text().removeprefix("Earlier: ").removesuffix(" ›")
    earlier.click()
    reader.check(f"home-earlier-{scheme}", day)

    response = page.goto(reader.base_url + "/news/2012/02/30/")
    assert response.status == 404
    # The expected 404, as the reader's watch reports it (response and console).
    page.wait_for_load_state("load")
    reader.problems = [p for p in reader.problems if "/news/2012/02/30/" not in p]
    reader.check(f"not-found-{scheme}", "Not found")
    assert page.get_by_role("link", name="Wednesday 8 February 2012").is_visible()
    assert page.get_by_role("link", name="Friday 2 March 2012").is_visible()
    page.locator(".not-found").get_by_label("Search the archive").fill("Chongqing")
    page.locator(".not-found").get_by_role("button", name="Search").click()
    reader.check(f"not-found-search-{scheme}", "Search the archive")


def look_at_the_other_pages_in_dark(reader):
    """The pages the walk above sees in light: a day, an event, a month, a topic, in dark."""
    page = reader.page
    page.emulate_media(media="screen", color_scheme="dark")
    for step, address, heading in (
        ("day-dark", "/news/2012/02/8/", "Wednesday 8 February 2012"),
        ("event-dark", "/news/2012/02/8/", "Wang Lijun"),
        ("month-dark", "/news/2012/06/", "June 2012"),
        ("topic-dark", "/topics/chongqing/", "Chongqing"),
    ):
        page.goto(reader.base_url + address)
        if step == "event-dark":
            page.get_by_role("link", name=re.compile("^Wang Lijun, former")).click()
        reader.check(step, heading)


def print_a_day(reader, scheme):
    """Printed, even from a dark screen: black on white, no navigation, sources' addresses."""
    page = reader.page
    page.emulate_media(media="print", color_scheme=scheme)
    page.goto(reader.base_url + "/news/2012/02/8/")
    reader.check(f"day-printed-{scheme}", "Wednesday 8 February 2012")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert not page.locator("form").first.is_visible()
    colours = page.evaluate(
        "[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]"
    )
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    source = page.locator(".sources a").first
    after = source.evaluate("link => getComputedStyle(link, '::after').content")
    assert source.get_attribute("href") in after


def test_home_and_not_found_in_light_and_dark_on_desktop_and_phone(live_server):
    from playwright.sync_api import sync_playwright

    a_longer_story()
    today_in_earlier_years()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for width_name, options in VIEWPORTS.items():
                for scheme in ("light", "dark"):
                    context = browser.new_context(**options)
                    reader = Reader(context.new_page(), live_server.url, width_name)
                    look_at_home_and_not_found(reader, scheme)
                    print_a_day(reader, scheme)
                    if scheme == "dark":
                        look_at_the_other_pages_in_dark(reader)
                    context.close()
        finally:
            browser.close()
