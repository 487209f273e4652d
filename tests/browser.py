"""Debian's chromium, driven by Playwright: how browser tests start it."""

from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.accessibility import axe_violations, describe

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch_chromium(playwright):
    """A headless chromium; a missing browser fails the test, it is never skipped silently."""
    if not CHROMIUM.exists():
        pytest.fail("No /usr/bin/chromium: run `make test-deps` (installs it as root).")
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


# What a cover image on another site is replaced with: pages are tested without the network.
STAND_IN_PICTURE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="576">'
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#7a8ca3"/>'
    '<stop offset="1" stop-color="#d9c6a5"/></linearGradient></defs>'
    '<rect width="1024" height="576" fill="url(#g)"/></svg>'
)


def stay_on(base_url: str, on_leaving=None):
    """A route handler (`page.route("**/*", stay_on(url))`): requests to the site go through,
    images elsewhere get `STAND_IN_PICTURE`, anything else is aborted after `on_leaving(url)`."""

    def handle(route):
        request = route.request
        if request.url.startswith(base_url):
            route.continue_()
        elif request.resource_type == "image":
            route.fulfill(status=200, content_type="image/svg+xml", body=STAND_IN_PICTURE)
        else:
            if on_leaving is not None:
                on_leaving(request.url)
            route.abort()

    return handle


ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "browser"
WINDOW_SIZES = [(1280, 800), (1920, 1080)]


def keep_screenshot(page, name: str) -> Path:
    """A full-page screenshot kept as a test artifact (test-artifacts/browser/<name>.png)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, base_url, username, password):
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{base_url}/admin/")


def page_width(page) -> int:
    """How wide the page is drawn: more than the window means a horizontal scroll bar."""
    return page.evaluate("document.documentElement.scrollWidth")


# The two windows the admin is checked at: a laptop and a phone.
LAPTOP_AND_PHONE = [(1280, 800), (390, 844)]


@contextmanager
def editor_page(base_url: str, username: str, password: str, size: tuple[int, int]):
    """A page of a fresh browser at the window `size`, signed in to the admin, that never
    leaves the site (images elsewhere are stand-ins); the browser closes afterwards."""
    width, height = size
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_context(viewport={"width": width, "height": height}).new_page()
            page.route("**/*", stay_on(base_url))
            sign_in(page, base_url, username, password)
            yield page
        finally:
            browser.close()


def no_axe_violations(page, where: str) -> None:
    """axe-core finds nothing on the page as it is now (its default rules)."""
    found = axe_violations(page)
    assert not found, describe(found, where)


def select_every_row(page) -> None:
    """Ticks each row of an admin changelist itself. The "select all" box ticks the rows by
    script, and a click that lands before that script is bound ticks only the box, so the
    action then answers "Items must be selected"."""
    for box in page.locator("#result_list input.action-select").all():
        box.check()
