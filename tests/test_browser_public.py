"""A reader in a real Chromium walks home -> day -> event -> topic -> search, on desktop and phone.

Runs Debian's /usr/bin/chromium through Playwright against the live test server. Cover images
live on other sites; the browser gets a stand-in picture for them so the run needs no network.
Screenshots of every step are kept in test-artifacts/browser/.
"""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser import launch_chromium, stay_on
from tests.factories import event_with_details

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser"
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}


def a_few_days():
    """Two days of the Wang Lijun story and a later one, with covers, sources and topics."""
    first = event_with_details(
        datetime.date(2012, 2, 8),
        position=0,
        headline="Wang Lijun, former police chief of Chongqing, goes to the U.S. Consulate.",
        summary="A top Chinese policeman goes on leave, amid rumours of a bid for asylum.",
        topics=["Chongqing", "Wang Lijun"],
    )
    event_with_details(
        datetime.date(2012, 2, 8),
        position=1,
        headline="Bo Xilai appears in public in Chongqing.",
        topics=["Chongqing"],
        cover_image_url="",
    )
    event_with_details(
        datetime.date(2012, 9, 5),
        headline="Wang Lijun faces charges of abuse of power and defection.",
        topics=["Chongqing", "Wang Lijun"],
    )
    return first


class Reader:
    """One browser tab, watching for console errors and requests that leave the site."""

    def __init__(self, page, base_url, width_name):
        self.page = page
        self.base_url = base_url
        self.width_name = width_name
        self.problems = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("response", self._response)
        page.route("**/*", stay_on(self.base_url, self._left_the_site))

    def _console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text} at {message.location}")

    def _response(self, response):
        if response.url.startswith(self.base_url) and response.status >= 400:
            self.problems.append(f"{response.status} for {response.url}")

    def _left_the_site(self, url):
        self.problems.append(f"request left the site: {url}")

    def check(self, step, heading):
        page = self.page
        page.wait_for_load_state("load")
        assert page.locator("h1").count() == 1, step
        assert heading in page.locator("h1").inner_text(), step
        fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, f"{step} scrolls sideways at {self.width_name} width"
        page.screenshot(path=SCREENSHOTS / f"{self.width_name}-{step}.png", full_page=True)
        assert self.problems == [], step


def walk(reader, event):
    page = reader.page
    page.goto(reader.base_url + "/")
    reader.check("1-home", "Latest events")

    # The keyboard's first stop is the skip link, and it shows itself when focused.
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.bounding_box()["y"] >= 0

    page.get_by_role("link", name="Wednesday 8 February 2012").click()
    reader.check("2-day", "Wednesday 8 February 2012")
    assert page.locator("article.event").count() == 2
    assert page.locator("img.cover").first.evaluate("image => image.naturalWidth") > 0

    page.get_by_role("link", name=event.headline).click()
    reader.check("3-event", event.headline)
    assert page.get_by_role("heading", name="What happened next").is_visible()

    page.locator(".topics").get_by_role("link", name="Wang Lijun").click()
    reader.check("4-topic", "Wang Lijun")
    assert page.locator(".event-list__item").count() == 2

    page.get_by_label("Search the archive").fill("charges")
    page.get_by_label("Search the archive").press("Enter")
    reader.check("5-search", "Search the archive")
    assert "1 event for “charges”" in page.locator("#results-heading").inner_text()


def test_reader_walks_the_site_on_desktop_and_phone(live_server):
    from playwright.sync_api import sync_playwright

    event = a_few_days()  # before Playwright starts: its event loop then owns this thread
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for width_name, options in VIEWPORTS.items():
                context = browser.new_context(**options)
                walk(Reader(context.new_page(), live_server.url, width_name), event)
                context.close()
        finally:
            browser.close()


def read_without_script_at_both_widths(live_server, walk) -> None:
    """`walk(reader)` in a Chromium with JavaScript off, on desktop and then on phone."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for width_name, options in VIEWPORTS.items():
                context = browser.new_context(java_script_enabled=False, **options)
                walk(Reader(context.new_page(), live_server.url, width_name))
                context.close()
        finally:
            browser.close()
