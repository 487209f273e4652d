"""Publishing in one step, in a real Chromium at 1280x800 and 390x844: an editor adds an event
giving only a source's address, follows "View on site" from the success message, finds the
staff bar there (Edit, History, status) and goes back to edit through it; the reader beside
them sees no bar. The possible-duplicates warning shows in the warning style, a scheduled
preview says when it goes public, and the schedule form's calendar and clock work under the
Content-Security-Policy. axe-core checks the change page, the schedule form and the public
pages with the bar. Screenshots: test-artifacts/browser/publishing-*.png."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from events.editorial.editors import create_editor
from events.models import Event
from tests.accessibility import axe_violations, describe
from tests.browser import keep_screenshot, launch_chromium, page_width, sign_in, stay_on
from tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Publishing-Editor-Pass-3"
SIZES = [(1280, 800), (390, 844)]
DAY = datetime.date(2012, 2, 8)
SIMILAR = "Wang Lijun goes to the U.S. Consulate in Chengdu."
# The success-message style Django gives every li under ul.messagelist (--message-success-bg).
SUCCESS_GREEN = "rgb(223, 240, 216)"


@pytest.fixture
def newsroom(editors_group):
    create_editor("ed", email="ed@example.org", password=PASSWORD)
    EventFactory(date=DAY, headline=SIMILAR, slug="wang-lijun-chengdu")
    scheduled = EventFactory(
        date=DAY,
        headline="A vote is due next week.",
        status=Event.Status.SCHEDULED,
        publish_at=timezone.now() + datetime.timedelta(days=3),
    )
    return {"scheduled": scheduled}


def no_axe_violations(page, where):
    found = axe_violations(page)
    assert not found, describe(found, where)


def add_event_with_an_address_only(page, base, size):
    page.goto(f"{base}/admin/events/event/add/")
    page.locator("#id_headline").fill("Wang Lijun goes to the U.S. Consulate in Chengdu again.")
    page.locator("#id_date").fill(DAY.isoformat())
    page.locator("#id_status").select_option("published")
    page.locator("#sources-group .add-row a").click()
    page.locator('input[name="sources-0-url"]').fill("https://www.reuters.com/world/wang")
    page.locator('input[name="_save"]').click()
    success = page.locator(".messagelist li.success")
    expect(success).to_contain_text("was added successfully")
    warning = page.locator("#duplicate-warning li.warning")
    expect(warning).to_contain_text("may be a duplicate of")
    # Every line of the warning is in the warning's colours, none in the success green.
    for item in page.locator("#duplicate-warning li").all():
        assert item.evaluate("e => getComputedStyle(e).backgroundColor") != SUCCESS_GREEN
    keep_screenshot(page, f"publishing-saved-{size}")
    assert page_width(page) <= page.viewport_size["width"]
    link = success.get_by_role("link", name="View on site")
    expect(link).to_be_visible()
    link.click()


def use_the_staff_bar(page, size):
    bar = page.get_by_role("navigation", name="Staff")
    expect(bar).to_contain_text("Status: Published")
    keep_screenshot(page, f"publishing-staff-bar-event-{size}")
    assert page_width(page) <= page.viewport_size["width"]
    no_axe_violations(page, f"event page with the staff bar at {size}")
    event_url = page.url
    bar.get_by_role("link", name="History").click()
    expect(page.locator("h1")).to_contain_text("Revisions")
    page.goto(event_url)
    page.get_by_role("navigation", name="Staff").get_by_role("link", name="Edit").click()
    expect(page.locator("#id_headline")).to_have_value(
        "Wang Lijun goes to the U.S. Consulate in Chengdu again."
    )
    # The outlet was filled from the address.
    expect(page.locator('input[name="sources-0-name"]')).to_have_value("reuters.com")
    return event_url


def schedule_with_the_pickers(page, base, size, errors):
    page.goto(f"{base}/admin/events/event/")
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("schedule")
    page.locator(".actions button[type=submit]").first.click()
    expect(page.locator("#id_publish_at_0")).to_be_visible()
    calendar = page.locator(".datetimeshortcuts .date-icon")
    clock = page.locator(".datetimeshortcuts .clock-icon")
    for icon in (calendar, clock):
        box = icon.bounding_box()
        assert box and box["width"] >= 16 and box["height"] >= 16
        assert "url(" in icon.evaluate("e => getComputedStyle(e).backgroundImage")
    calendar.click()
    expect(page.locator(".calendarbox")).to_be_visible()
    page.locator(".calendarbox .calendar td a").first.click()
    assert page.locator("#id_publish_at_0").input_value()
    clock.click()
    expect(page.locator(".clockbox")).to_be_visible()
    page.locator(".clockbox").get_by_text("Noon").click()
    expect(page.locator("#id_publish_at_1")).to_have_value("12:00")
    # Nothing the pickers did was refused by the Content-Security-Policy (checked before
    # axe-core, which adds a style element of its own that the policy refuses).
    assert errors == [], errors
    no_axe_violations(page, f"schedule form at {size}")
    calendar.click()
    keep_screenshot(page, f"publishing-schedule-calendar-{size}")
    assert page_width(page) <= page.viewport_size["width"]


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_publishing_in_one_step(live_server, newsroom, width, height):
    base = live_server.url
    size = f"{width}x{height}"
    scheduled_url = base + newsroom["scheduled"].get_absolute_url()
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_context(viewport={"width": width, "height": height}).new_page()
            page.route("**/*", stay_on(base))
            errors = []
            page.on("console", lambda m: m.type == "error" and errors.append((page.url, m.text)))
            sign_in(page, base, "ed", PASSWORD)
            add_event_with_an_address_only(page, base, size)
            event_url = use_the_staff_bar(page, size)
            page.goto(scheduled_url)
            banner = page.locator(".draft-banner")
            expect(banner).to_contain_text("Scheduled - not public yet.")
            expect(banner).to_contain_text("It goes public on")
            keep_screenshot(page, f"publishing-scheduled-preview-{size}")
            errors.clear()  # axe-core's own style element, refused on the pages it ran on
            schedule_with_the_pickers(page, base, size, errors)
            reader = browser.new_context(viewport={"width": width, "height": height}).new_page()
            reader.goto(event_url)
            expect(reader.locator("h1")).to_be_visible()
            expect(reader.locator(".staff-bar")).to_have_count(0)
        finally:
            browser.close()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_change_pages_pickers_work_under_the_policy(live_server, newsroom, width, height):
    """The event's day and publish time are picked with the calendar and the clock on the
    change page too, in the window, with nothing refused by the Content-Security-Policy."""
    base = live_server.url
    size = f"{width}x{height}"
    change_url = f"{base}/admin/events/event/{newsroom['scheduled'].pk}/change/"
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_context(viewport={"width": width, "height": height}).new_page()
            page.route("**/*", stay_on(base))
            errors = []
            page.on("console", lambda m: m.type == "error" and errors.append((page.url, m.text)))
            sign_in(page, base, "ed", PASSWORD)
            page.goto(change_url)
            page.locator(".field-date .datetimeshortcuts .date-icon").click()
            calendar = page.locator(".calendarbox").first
            expect(calendar).to_be_visible()
            box = calendar.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width
            keep_screenshot(page, f"publishing-change-calendar-{size}")
            calendar.locator(".calendar td a", has_text="15").click()
            expect(page.locator("#id_date")).to_have_value(re.compile(r"^\d{4}-\d{2}-15$"))
            page.locator(".field-publish_at .datetimeshortcuts a", has_text="Now").last.click()
            expect(page.locator("#id_publish_at_1")).to_have_value(re.compile(r"^\d{2}:\d{2}"))
            assert errors == [], errors
            assert page_width(page) <= width
        finally:
            browser.close()
