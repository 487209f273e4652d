"""The admin fits the window: at 1280x800 and 1920x1080 no page an editor works on (change,
list, revisions, compare, schedule, desk) is wider than the window; the headline and summary
boxes run across the page; a source's snapshot is folded away; buttons never cover the title;
the list shows each headline on one or two lines. Screenshots: test-artifacts/browser/."""

import datetime

import pytest
from playwright.sync_api import expect, sync_playwright

from events.editorial import revisions
from tests.browser import WINDOW_SIZES, keep_screenshot, launch_chromium, page_width, sign_in
from tests.factories import EventFactory, RelatedFactory, SourceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.presentation,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "Layout-Admin-Pass-5"
LONG_HEADLINE = (
    "Newcomer test: the city council of Springfield votes to rename the main square after a "
    "local hero, while protesters gather outside the town hall and the mayor promises a "
    "referendum on the question before the end of the year, pending a court ruling."
)


@pytest.fixture
def long_event(django_user_model):
    django_user_model.objects.create_superuser("chief", "chief@example.org", PASSWORD)
    event = EventFactory(
        date=datetime.date(2026, 1, 12),
        headline=LONG_HEADLINE,
        summary="A summary. " * 40,
        topics=["Springfield", "City council", "Referendums", "Protests", "Courts"],
    )
    for n in range(4):
        SourceFactory(
            event=event,
            position=n,
            name=f"Springfield Gazette and Evening Chronicle {n}",
            url="https://news.example.org/" + "a-very-long-path-segment/" * 8 + str(n),
            snapshot_title="An archived title " * 5,
            snapshot_text="Archived text. " * 200,
        )
        RelatedFactory(
            event=event,
            position=n,
            target_headline=LONG_HEADLINE,
            target_path="/news/2025/12/1/" + "a-long-slug-" * 10 + f"{n}.md",
            context="Springfield, City council, Referendums, Protests",
        )
    for n in range(30):
        EventFactory(date=datetime.date(2026, 1, 11), headline=f"{n}: {LONG_HEADLINE}")
    revisions.record(event, comment="First.")
    event.headline = LONG_HEADLINE + " Updated."
    event.save()
    revisions.record(event, comment="Second.")
    return event


def boxes_overlap(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def check_change_page(page, base, event, name):
    page.goto(f"{base}/admin/events/event/{event.pk}/change/")
    keep_screenshot(page, name)
    window = page.viewport_size["width"]
    assert page.locator("#id_headline").bounding_box()["width"] > window * 0.6
    assert page.locator("#id_summary").bounding_box()["width"] > window * 0.6
    # A source's archived snapshot stays folded until the editor opens it.
    expect(page.locator("#id_sources-0-snapshot_text")).to_be_hidden()
    page.locator("#sources-0 summary").click()
    expect(page.locator("#id_sources-0-snapshot_text")).to_be_visible()
    title = page.locator("#content > h2").bounding_box()
    for tool in page.locator(".object-tools a").all():
        assert not boxes_overlap(title, tool.bounding_box())
    assert page.evaluate(
        "document.querySelector('.submit-row').getBoundingClientRect().bottom"
        " <= document.querySelector('#related-suggestions').getBoundingClientRect().top"
    )
    return page_width(page)


def check_changelist(page, base, name):
    page.goto(f"{base}/admin/events/event/")
    keep_screenshot(page, name)
    line_height = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('th.field-headline a')).lineHeight)"
    )
    for link in page.locator("#result_list th.field-headline a").all()[:10]:
        assert link.bounding_box()["height"] <= 2 * line_height + 1
    return page_width(page)


def check_schedule_page(page, base, event, name):
    page.goto(f"{base}/admin/events/event/")
    page.locator(f"input[name=_selected_action][value='{event.pk}']").check()
    page.locator("select[name=action]").select_option("schedule")
    page.locator("button[name=index], .actions button[type=submit]").first.click()
    expect(page.locator("#id_publish_at_0")).to_be_visible()
    keep_screenshot(page, name)
    return page_width(page)


def test_admin_pages_fit_the_window_at_both_sizes(live_server, long_event):
    base = live_server.url
    event = long_event
    history = f"{base}/admin/events/event/{event.pk}/history/"
    widths = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for width, height in WINDOW_SIZES:
                page = browser.new_page(viewport={"width": width, "height": height})
                sign_in(page, base, "chief", PASSWORD)
                size = f"{width}x{height}"
                widths[size, "desk"] = page_width(page)
                keep_screenshot(page, f"layout-desk-{size}")
                widths[size, "change"] = check_change_page(
                    page, base, event, f"layout-change-{size}"
                )
                widths[size, "list"] = check_changelist(page, base, f"layout-list-{size}")
                page.goto(history)
                keep_screenshot(page, f"layout-history-{size}")
                widths[size, "history"] = page_width(page)
                page.locator("#compare-form input[type=submit]").click()
                expect(page.locator("#changes")).to_be_visible()
                keep_screenshot(page, f"layout-compare-{size}")
                widths[size, "compare"] = page_width(page)
                widths[size, "schedule"] = check_schedule_page(
                    page, base, event, f"layout-schedule-{size}"
                )
                page.close()
        finally:
            browser.close()
    too_wide = {page: w for page, w in widths.items() if w > int(page[0].split("x")[0])}
    assert too_wide == {}
