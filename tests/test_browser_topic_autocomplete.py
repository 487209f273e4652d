"""The topic autocomplete in a real Chromium at 1280x800 and 390x844: typing part of a name
lists existing topics first (the exact name on top, with distinct event counts) and "Add a
new topic" last, so Enter picks the existing topic; a new name is added only when chosen, or
when nothing else matches. axe-core checks the change page with the list open.
Screenshots: test-artifacts/browser/autocomplete-*.png."""

import pytest
from playwright.sync_api import expect

from events.editorial.editors import create_editor
from events.models import Event
from tests.accessibility import axe_violations, describe
from tests.browser import LAPTOP_AND_PHONE, editor_page, keep_screenshot, page_width
from tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Autocomplete-Editor-Pass-8"


@pytest.fixture
def event(editors_group):
    create_editor("ed", email="ed@example.org", password=PASSWORD)
    EventFactory(topics=["Free Syrian Army", "Syria"])
    EventFactory(topics=["Free Syrian Army", "Syrian refugees"])
    EventFactory(topics=["Free Syrian Army", "Syrian refugees"])
    return EventFactory(headline="Shelling in Homs.", topics=[])


def options(page):
    found = page.locator(".select2-results__option:not(.loading-results)")
    expect(found.first).not_to_contain_text("Searching")
    return found


def type_topic(page, text):
    page.locator(".field-topics .select2-search__field").click()
    page.keyboard.type(text)
    expect(page.locator(".select2-results__option--highlighted")).to_be_visible()


@pytest.mark.parametrize("size", LAPTOP_AND_PHONE)
def test_enter_picks_an_existing_topic(live_server, event, size):
    base = live_server.url
    width = size[0]
    with editor_page(base, "ed", PASSWORD, size) as page:
        size = "{}x{}".format(*size)
        page.goto(f"{base}/admin/events/event/{event.pk}/change/")
        type_topic(page, "Syr")
        listed = options(page)
        expect(listed).to_have_text(
            [
                "Syrian refugees (2 events)",
                "Syria (1 event)",
                "Free Syrian Army (3 events)",
                "Add a new topic: Syr",
            ]
        )
        expect(page.locator(".select2-results__option--highlighted")).to_have_text(
            "Syrian refugees (2 events)"
        )
        keep_screenshot(page, f"autocomplete-syr-{size}")
        assert page_width(page) <= width
        found = axe_violations(page, rules=["aria-required-children", "color-contrast"])
        assert not found, describe(found, f"topic autocomplete at {size}")
        page.keyboard.press("Escape")
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        page.keyboard.type("syria")
        expect(options(page)).to_have_text(
            ["Syria (1 event)", "Syrian refugees (2 events)", "Free Syrian Army (3 events)"]
        )
        page.keyboard.press("Enter")
        expect(page.locator(".field-topics .select2-selection__choice")).to_have_count(1)
        page.locator(".field-topics .select2-search__field").click()
        page.keyboard.type("Homs")
        expect(options(page)).to_have_text(["Add a new topic: Homs"])
        page.keyboard.press("Enter")
        page.locator('input[name="_continue"]').click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    saved = Event.objects.get(pk=event.pk)
    assert [row.tag.name for row in saved.topic_links.order_by("position")] == ["Syria", "Homs"]
