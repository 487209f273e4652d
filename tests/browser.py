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
