"""In a real Chromium, with the site's Content-Security-Policy: an editor drags a source row
to a new place and the saved positions follow; picks topics with the autocomplete (an existing
one shown with its count, then a new one) and they are saved in the order picked; a topic
name written as markup shows as text in the suggestions. No script
is refused by the policy and no script fails. Screenshots: test-artifacts/browser/."""

import datetime

import pytest
from playwright.sync_api import expect, sync_playwright

from events.editorial.topic_order import ordered_topic_names
from sources.models import Source
from tests.browser import keep_screenshot, launch_chromium, sign_in
from tests.factories import EventFactory, SourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Ordering-Admin-Pass-7"
# A topic name that would draw an image if the autocomplete wrote names as markup.
PROBE = '<img src="/static/x.png" class="xss-probe">'


@pytest.fixture
def event(django_user_model):
    django_user_model.objects.create_superuser("chief", "chief@example.org", PASSWORD)
    EventFactory(date=datetime.date(2012, 2, 1), topics=["Chongqing", PROBE])
    event = EventFactory(date=datetime.date(2012, 2, 8), topics=["Beijing"])
    for position, name in enumerate(["First", "Second", "Third"]):
        SourceFactory(event=event, position=position, name=name)
    return event


class BrowserProblems:
    """What the page's console and scripts report: policy refusals and script errors."""

    def __init__(self, page):
        self.refused, self.errors = [], []
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def console(self, message):
        if "Content Security Policy" in message.text:
            self.refused.append(message.text)
        elif message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            self.errors.append(message.text)


def saved_sources(event):
    return list(
        Source.objects.filter(event=event).order_by("position").values_list("name", "position")
    )


def pick_topic(page, typed, option_text):
    page.locator(".field-topics .select2-search__field").click()
    page.keyboard.type(typed)
    option = page.locator(".select2-results__option", has_text=option_text).first
    expect(option).to_be_visible()
    option.click()


def test_drag_a_source_then_pick_topics_and_save(live_server, event):
    url = f"{live_server.url}/admin/events/event/{event.pk}/change/"
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            problems = BrowserProblems(page)
            sign_in(page, live_server.url, "chief", PASSWORD)
            policy = page.goto(url).headers["content-security-policy"]

            # Drag the third source by its handle onto the first: it goes before it.
            page.locator("#sources-2 .sort-handle").drag_to(page.locator("#sources-0"))
            expect(page.locator("#id_sources-2-position")).to_have_value("0")
            expect(page.locator("#id_sources-0-position")).to_have_value("1")

            page.locator(".field-topics .select2-search__field").click()
            page.keyboard.type("<img")
            expect(page.locator(".select2-results__option", has_text=PROBE)).to_be_visible()
            assert page.locator(".select2-results .xss-probe").count() == 0
            page.keyboard.press("Escape")
            page.locator(".field-topics .select2-search__field").fill("")

            pick_topic(page, "Chong", "Chongqing (1 event)")
            pick_topic(page, "Brand new topic", "Add a new topic: Brand new topic")
            keep_screenshot(page, "ordering-dragged-and-picked")
            page.locator('input[name="_continue"]').click()
            expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
            keep_screenshot(page, "ordering-saved")
        finally:
            browser.close()
    assert saved_sources(event) == [("Third", 0), ("First", 1), ("Second", 2)]
    assert ordered_topic_names(event) == ["Beijing", "Chongqing", "Brand new topic"]
    # The policy held: scripts from the site only, none inline, and none was refused.
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert problems.refused == []
    assert problems.errors == []
