"""An edit conflict between two real browser sessions: the second editor's values stay in the
form, the first editor's changes show as a diff, and "Save mine over theirs" saves."""

import pytest
from playwright.sync_api import expect, sync_playwright

from events.editorial import revisions
from events.editorial.editors import create_editor
from events.models import Event
from tests.browser import keep_screenshot, launch_chromium, sign_in
from tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Conflict-Editor-Pass-3"


@pytest.fixture
def shared_event(editors_group):
    for name in ("ann", "bob"):
        create_editor(name, email=f"{name}@example.org", password=PASSWORD)
    return EventFactory(headline="The original headline.", summary="")


def test_two_sessions_conflict_then_the_second_saves_over_the_first(live_server, shared_event):
    url = f"{live_server.url}/admin/events/event/{shared_event.pk}/change/"
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            ann = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
            bob = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
            sign_in(ann, live_server.url, "ann", PASSWORD)
            sign_in(bob, live_server.url, "bob", PASSWORD)
            ann.goto(url)
            bob.goto(url)
            ann.locator("#id_headline").fill("Ann's headline.")
            ann.locator('input[name="_continue"]').click()
            expect(ann.locator(".messagelist")).to_contain_text("was changed successfully")

            bob.locator("#id_summary").fill("Bob's summary, typed with care.")
            bob.locator('input[name="_continue"]').click()
            expect(bob.locator("#edit-conflict")).to_be_visible()
            expect(bob.locator(".errornote")).to_have_count(0)
            expect(bob.locator("#conflict-changes")).to_contain_text("Ann's headline.")
            expect(bob.locator("#id_summary")).to_have_value("Bob's summary, typed with care.")
            keep_screenshot(bob, "conflict-refused")
            bob.locator("#save-over-theirs").click()
            expect(bob.locator(".messagelist")).to_contain_text("was changed successfully")
        finally:
            browser.close()
    event = Event.objects.get(pk=shared_event.pk)
    # Bob's form still held the headline he opened: saving over Ann's change puts it back.
    assert (event.headline, event.summary) == (
        "The original headline.",
        "Bob's summary, typed with care.",
    )
    newest = revisions.versions_of(event).first().revision
    assert newest.user.username == "bob"
    assert "Saved over the changes ann made" in newest.comment
