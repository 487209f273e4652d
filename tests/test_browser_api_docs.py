"""The API's documentation page in a real Chromium: its scripts and styles come from the site
itself (no CDN), the Content-Security-Policy holds (no violation), and it shows the schema and
can try an endpoint against the site."""

import datetime

import pytest
from playwright.sync_api import sync_playwright

from tests.api import api
from tests.browser import launch_chromium
from tests.factories import EventFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.presentation,
    pytest.mark.django_db(transaction=True),
]


def test_the_docs_page_runs_from_the_site_under_its_csp(live_server):
    EventFactory(date=datetime.date(2012, 2, 8), headline="Wang Lijun visits the consulate.")
    problems, requested = [], []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page()
            page.on(
                "console",
                lambda message: message.type == "error" and problems.append(message.text),
            )
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("request", lambda request: requested.append(request.url))
            response = page.goto(live_server.url + api("openapi-view"))
            assert "script-src 'self'" in response.headers["content-security-policy"]
            page.wait_for_selector(".swagger-ui .info .title")
            assert "Newsroom API" in page.locator(".swagger-ui .info .title").inner_text()
            page.locator("#operations-events-events_api_events_list_events").click()
            page.get_by_role("button", name="Try it out").click()
            page.get_by_role("button", name="Execute").click()
            page.wait_for_selector(".live-responses-table .response-col_status")
            assert (
                "Wang Lijun visits the consulate."
                in page.locator(".live-responses-table").inner_text()
            )
        finally:
            browser.close()
    assert problems == []
    assert all(url.startswith(live_server.url) for url in requested), requested
