"""Putting a day's events in order, in a real Chromium at 1280x800 and 390x844: the editor
reaches the ordering page from the changelist's position link, moves the last event to the top
in one click, drags another by its handle, moves one down from the keyboard and saves with the
button at the top. One revision records the reorder. axe-core checks the page. The day's public
page leads there too, from its staff bar, where "Move to bottom" sends the first event last.
Screenshots: test-artifacts/browser/day-order-*.png."""

import datetime

import pytest
from playwright.sync_api import expect
from reversion.models import Revision

from events.editorial import revisions
from events.editorial.editors import create_editor
from events.models import Event
from tests.browser import (
    LAPTOP_AND_PHONE,
    editor_page,
    keep_screenshot,
    no_axe_violations,
    page_width,
)
from tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Day-Order-Editor-Pass-6"
DAY = datetime.date(2012, 2, 8)


@pytest.fixture
def day(editors_group):
    create_editor("ed", email="ed@example.org", password=PASSWORD)
    return [
        EventFactory(date=DAY, position=n, headline=f"Event {n}: something happened today.")
        for n in range(6)
    ]


def headlines(page):
    return [text.split(":")[0] for text in page.locator(".day-order li > a").all_inner_texts()]


@pytest.mark.parametrize("size", LAPTOP_AND_PHONE)
def test_an_editor_orders_a_day(live_server, day, size):
    base = live_server.url
    name = "{}x{}".format(*size)
    with editor_page(base, "ed", PASSWORD, size) as page:
        page.goto(f"{base}/admin/events/event/?date__year=2012&date__month=2&date__day=8")
        keep_screenshot(page, f"day-order-changelist-{name}")
        assert page_width(page) <= size[0]
        last = page.locator("#result_list tbody tr", has_text="Event 5:")
        last.locator("td.field-place_in_day a").click()
        expect(page.locator("#day-order-form")).to_be_visible()
        row = page.locator(f"#day-event-{day[5].pk}")
        row.get_by_role("button", name="Move to top").click()
        assert headlines(page) == [f"Event {n}" for n in (5, 0, 1, 2, 3, 4)]
        # Dragged by its handle: Event 1 onto Event 3's place.
        page.locator(f"#day-event-{day[1].pk} .sort-handle").drag_to(
            page.locator(f"#day-event-{day[3].pk}")
        )
        assert headlines(page) == [f"Event {n}" for n in (5, 0, 2, 3, 1, 4)]
        # From the keyboard: Event 0 one place down.
        page.locator(f"#day-event-{day[0].pk}").get_by_role("button", name="Move down").focus()
        page.keyboard.press("Enter")
        assert headlines(page) == [f"Event {n}" for n in (5, 2, 0, 3, 1, 4)]
        keep_screenshot(page, f"day-order-{name}")
        assert page_width(page) <= size[0]
        no_axe_violations(page, f"day ordering at {name}")
        page.locator("input[name=_save_top]").click()
        expect(page.locator(".messagelist li.success")).to_contain_text("New order saved")
        keep_screenshot(page, f"day-order-saved-{name}")
    order = Event.objects.filter(date=DAY).order_by("position").values_list("pk", flat=True)
    assert list(order) == [day[n].pk for n in (5, 2, 0, 3, 1, 4)]
    assert Revision.objects.exclude(comment=revisions.BASELINE_COMMENT).count() == 1


@pytest.mark.parametrize("size", LAPTOP_AND_PHONE)
def test_the_day_page_staff_bar_leads_to_the_ordering(live_server, day, size):
    base = live_server.url
    name = "{}x{}".format(*size)
    with editor_page(base, "ed", PASSWORD, size) as page:
        page.goto(f"{base}/news/2012/02/8/")
        page.locator(".staff-bar").get_by_role("link", name="Order this day").click()
        expect(page.locator("#day-order-form")).to_be_visible()
        page.locator(f"#day-event-{day[0].pk}").get_by_role("button", name="Move to bottom").click()
        assert headlines(page) == [f"Event {n}" for n in (1, 2, 3, 4, 5, 0)]
        page.locator("input[name=_save_top]").click()
        expect(page.locator(".messagelist li.success")).to_contain_text("New order saved")
        keep_screenshot(page, f"day-order-from-day-page-{name}")
        assert page_width(page) <= size[0]
    order = Event.objects.filter(date=DAY).order_by("position").values_list("pk", flat=True)
    assert list(order) == [day[n].pk for n in (1, 2, 3, 4, 5, 0)]
