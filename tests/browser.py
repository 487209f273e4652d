"""Debian's chromium, driven by Playwright: how browser tests start it."""

from pathlib import Path

import pytest

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
