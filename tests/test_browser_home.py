"""The home page as a front page, read in a real Chromium with JavaScript off on desktop and
phone: the latest seven days with events, each led by its first event in a larger bold
headline and the rest as plain headlines in the day page's serif, at most 25 a day with a
link to the rest, the boxes beside the days on a desktop (after them on a phone), a date in
one step, and axe-core finding nothing. Screenshots: test-artifacts/browser/<width>-home-*.png.
"""

import datetime

import pytest

from tests.browser import launch_chromium, no_axe_violations, stay_on
from tests.factories import EventFactory, event_with_details
from tests.test_browser_public import VIEWPORTS, read_without_script_at_both_widths

pytestmark = [
    pytest.mark.browser,
    pytest.mark.presentation,
    pytest.mark.django_db(transaction=True),
]

LATEST = datetime.date(2012, 3, 20)
BUSY_EVENTS = 28


def nine_days():
    """Nine days of news, the latest the busiest (28 events, the first with a cover)."""
    event_with_details(
        LATEST,
        position=0,
        headline="Bo Xilai is removed from the Politburo.",
        summary="The party's leaders act against the Chongqing chief after weeks of rumour.",
        topics=["Bo Xilai", "Chongqing"],
    )
    for position in range(1, BUSY_EVENTS):
        EventFactory(
            date=LATEST,
            position=position,
            headline=f"Event {position} of a busy day, in the editors' order.",
            topics=["Chongqing"],
        )
    for back in range(1, 9):
        date = LATEST - datetime.timedelta(days=2 * back)
        for position in range(2):
            EventFactory(
                date=date,
                position=position,
                headline=f"Story {position + 1} of {date:%d %B}, told in a sentence.",
                topics=["Wang Lijun"],
            )


def style(locator, prop: str) -> str:
    return locator.evaluate(f"element => getComputedStyle(element)['{prop}']")


def read_the_front_page(reader):
    page = reader.page
    page.goto(reader.base_url + "/")
    reader.check("home-front-page", "Latest events")
    days = page.locator("section.day-digest")
    assert days.count() == 7
    first_day = days.first
    assert first_day.locator("h2").inner_text().startswith("Tuesday 20 March 2012")
    # At most 25 events of the busy day, then a link to the rest.
    assert first_day.locator(".dated-events__headline").count() == 25

    # Headlines rank: the lead larger and bold, the others plain; both in the day page's serif.
    lead = first_day.locator(".front-lead__headline a")
    other = first_day.locator(".front-list .dated-events__headline").first
    assert float(style(lead, "fontSize")[:-2]) > float(style(other, "fontSize")[:-2]) * 1.1
    assert (style(lead, "fontWeight"), style(other, "fontWeight")) == ("700", "400")
    serif = style(lead, "fontFamily")
    assert serif.startswith("Georgia") and style(other, "fontFamily") == serif
    assert "Georgia" not in style(first_day.locator(".sources").first, "fontFamily")

    # The boxes: beside the days on a desktop, after them on a phone.
    main = page.locator(".front-page").bounding_box()
    ongoing = page.get_by_role("heading", name="Ongoing").bounding_box()
    assert page.get_by_role("heading", name="On this day", exact=True).is_visible()
    if reader.width_name == "desktop":
        assert ongoing["x"] >= main["x"] + main["width"] and ongoing["y"] < main["y"] + 400
    else:
        assert ongoing["y"] > main["y"] + main["height"] - 1

    # A day of the page from the row of days, then the rest of the busy day.
    page.locator(".home__days").get_by_role("link", name="10 March").click()
    assert page.url.endswith("/#day-2012-03-10")
    page.get_by_role("link", name="3 more events on Tuesday 20 March").click()
    reader.check("home-rest-of-day", "Tuesday 20 March 2012")
    assert page.locator("article.event").count() == BUSY_EVENTS

    # The day before the page's last, a link away; any date, one step away.
    page.goto(reader.base_url + "/")
    page.get_by_role("link", name="Earlier: Tuesday 6 March 2012").click()
    reader.check("home-earlier", "Tuesday 6 March 2012")
    page.goto(reader.base_url + "/")
    page.get_by_label("Go to a date").fill("2012-03-04")
    page.get_by_role("button", name="Go").click()
    reader.check("home-date", "Sunday 4 March 2012")


def test_the_home_reads_as_a_front_page_without_javascript(live_server):
    from playwright.sync_api import sync_playwright

    nine_days()  # before Playwright starts: its event loop then owns this thread
    read_without_script_at_both_widths(live_server, read_the_front_page)
    # axe-core runs as a script: a page of its own, at each width.
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for width_name, options in VIEWPORTS.items():
                page = browser.new_context(**options).new_page()
                page.route("**/*", stay_on(live_server.url))
                page.goto(live_server.url + "/")
                no_axe_violations(page, f"the home at {width_name} width")
        finally:
            browser.close()
