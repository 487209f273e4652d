"""A cover that cannot load leaves no gap and never squeezes the text, on the day and event
pages, on desktop and phone, JavaScript off. Screenshots in test-artifacts/browser/
(<width>-missing-cover-*.png)."""

import datetime

import pytest

from tests.browser import keep_screenshot, launch_chromium
from tests.factories import event_with_details
from tests.test_browser_public import VIEWPORTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.presentation,
    pytest.mark.django_db(transaction=True),
]


def test_a_cover_that_cannot_load_takes_no_room(live_server):
    from playwright.sync_api import sync_playwright

    event = event_with_details(
        datetime.date(2012, 2, 8),
        headline="Wang Lijun goes to the consulate.",
        summary="A long first line of summary that should run the whole width of the column "
        "when the cover is gone, not squeezed beside an empty box.",
        cover_image_url="https://images.example/gone.jpg",
    )
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for width_name, options in VIEWPORTS.items():
                context = browser.new_context(java_script_enabled=False, **options)
                page = context.new_page()
                # The picture's site answers 404, as a cover gone from its site does.
                page.route("https://images.example/**", lambda route: route.fulfill(status=404))
                for name, address in (
                    ("day", "/news/2012/02/8/"),
                    ("event", event.get_absolute_url()),
                ):
                    page.goto(live_server.url + address)
                    cover = page.locator("img.cover").bounding_box()
                    assert cover["height"] <= 1, (width_name, name, cover)  # no gap
                    article = page.locator("article.event").first.bounding_box()
                    summary = page.locator("article.event p").first.bounding_box()
                    assert summary["width"] >= article["width"] - 30, (width_name, name)
                    keep_screenshot(page, f"{width_name}-missing-cover-{name}")
                context.close()
        finally:
            browser.close()
