"""A reader groups a day by story, in a real Chromium at 1280x800 and 390x844 with JavaScript
off: from the day's plain list, one click on "Group by story" shows the events sharing a topic
under its name, each once, the others after them; "In order" leads back. Screenshots in
test-artifacts/browser/ (<width>-day-stories-*.png)."""

import datetime

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser import keep_screenshot, launch_chromium, page_width, stay_on
from tests.factories import event_with_details
from tests.test_browser_public import VIEWPORTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.presentation,
    pytest.mark.django_db(transaction=True),
]

FEB_8 = datetime.date(2012, 2, 8)
DAY = "/news/2012/02/8/"
# The day in the editors' order: (headline, topics).
EVENTS = [
    ("Wang Lijun goes to the U.S. consulate in Chengdu.", ["Chongqing", "Wang Lijun"]),
    ("A storm closes the ports of Hong Kong.", ["Hong Kong"]),
    ("Bo Xilai names a new police chief for Chongqing.", ["Chongqing", "Bo Xilai"]),
    ("The consulate says Wang Lijun has left of his own will.", ["Wang Lijun"]),
    ("Greece agrees its second bailout.", []),
]


@pytest.fixture
def day():
    for position, (headline, topics) in enumerate(EVENTS):
        event_with_details(FEB_8, position=position, headline=headline, topics=topics)


@pytest.fixture
def chromium():
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


def story_names(page):
    return [name.split("\n")[0] for name in page.locator(".story__name").all_inner_texts()]


@pytest.mark.parametrize("width_name", list(VIEWPORTS))
def test_a_reader_groups_a_day_by_story(live_server, day, chromium, width_name):
    context = chromium.new_context(java_script_enabled=False, **VIEWPORTS[width_name])
    context.route("**/*", stay_on(live_server.url))
    page = context.new_page()
    page.goto(live_server.url + DAY)
    expect(page.locator(".story")).to_have_count(0)  # the plain list is the default
    keep_screenshot(page, f"{width_name}-day-stories-plain")

    page.get_by_role("link", name="Group by story").click()
    page.wait_for_url(f"**{DAY}?view=stories")
    # Chongqing and Wang Lijun are each carried by two events: the first event carries both,
    # and goes under Chongqing, the first in the editors' order; the story of Wang Lijun keeps
    # the event that carries no Chongqing.
    assert story_names(page) == ["Chongqing 2 events", "Wang Lijun 1 event", "Other events"]
    stories = page.locator(".story")
    expect(stories.nth(0).locator("article h3")).to_have_text([EVENTS[0][0], EVENTS[2][0]])
    expect(stories.nth(1).locator("article h3")).to_have_text([EVENTS[3][0]])
    expect(stories.nth(2).locator("article h3")).to_have_text([EVENTS[1][0], EVENTS[4][0]])
    expect(page.locator("article.event")).to_have_count(len(EVENTS))  # each event once
    current = page.locator(".day-views a[aria-current=page]")
    expect(current).to_have_text("Group by story")
    assert page_width(page) <= VIEWPORTS[width_name]["viewport"]["width"]
    keep_screenshot(page, f"{width_name}-day-stories-grouped")

    page.get_by_role("link", name="In order").click()
    page.wait_for_url(f"**{DAY}")
    expect(page.locator(".story")).to_have_count(0)
    context.close()
