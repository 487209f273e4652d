"""Soft locks in a real Chromium at 1280x800 and 390x844: Bob opens an event Ann has open and
is told who and since when; once Ann leaves the page (her browser tells the server as it goes,
under the Content-Security-Policy), Bob's next visit says nothing. axe-core checks the warning.
Screenshots: test-artifacts/browser/soft-lock-*.png."""

import pytest
from playwright.sync_api import expect, sync_playwright

from events.editorial.editors import create_editor
from events.models import EditingPresence
from tests.accessibility import axe_violations, describe
from tests.browser import (
    LAPTOP_AND_PHONE,
    keep_screenshot,
    launch_chromium,
    page_width,
    sign_in,
    stay_on,
)
from tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Soft-Lock-Editor-Pass-1"


@pytest.fixture
def event(editors_group):
    for name in ("ann", "bob"):
        create_editor(name, email=f"{name}@example.org", password=PASSWORD)
    return EventFactory(headline="Talks resume in Geneva.")


@pytest.mark.parametrize("size", LAPTOP_AND_PHONE)
def test_an_editor_is_told_who_else_has_the_event_open(live_server, event, size):
    base = live_server.url
    name = "{}x{}".format(*size)
    change = f"{base}/admin/events/event/{event.pk}/change/"
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            ann, bob = (
                browser.new_context(viewport={"width": size[0], "height": size[1]}).new_page()
                for _ in range(2)
            )
            for page, user in ((ann, "ann"), (bob, "bob")):
                page.route("**/*", stay_on(base))
                sign_in(page, base, user, PASSWORD)
            ann.goto(change)
            expect(ann.locator("#others-editing")).to_have_count(0)
            bob.goto(change)
            warning = bob.locator("#others-editing")
            expect(warning).to_contain_text("ann opened this event at")
            keep_screenshot(bob, f"soft-lock-{name}")
            assert page_width(bob) <= size[0]
            found = axe_violations(bob, rules=["color-contrast", "list", "listitem"])
            assert not found, describe(found, f"soft lock warning at {name}")
            # Leaving: the page's beacon (not seen by Playwright's request events) clears Ann.
            ann.goto(f"{base}/admin/")
            bob.goto(f"{base}/admin/")
            bob.goto(change)
            expect(bob.locator("#others-editing")).to_have_count(0)
        finally:
            browser.close()
    assert list(EditingPresence.objects.values_list("user__username", flat=True)) == ["bob"]
