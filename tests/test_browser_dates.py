"""A reader finds a day in one step, in a real Chromium with JavaScript off, on desktop and
phone: the date picker on the home page, a day without events leading to the nearest ones, the
days either side at the top of a day page, and a typed date in search. Screenshots in
test-artifacts/browser/ (<width>-dates-*.png)."""

import pytest

from tests.test_browser_public import a_few_days, read_without_script_at_both_widths

pytestmark = [
    pytest.mark.browser,
    pytest.mark.presentation,
    pytest.mark.django_db(transaction=True),
]


def find_days(reader):
    page = reader.page
    page.goto(reader.base_url + "/")
    reader.check("dates-1-home", "Latest events")
    page.get_by_label("Go to a date").fill("2012-02-08")
    page.get_by_role("button", name="Go").click()
    reader.check("dates-2-day", "Wednesday 8 February 2012")
    assert page.url == reader.base_url + "/news/2012/02/8/"

    # The days either side, before the events.
    top = page.get_by_role("navigation", name="Days before and after")
    assert top.get_by_role("link").all_inner_texts() == ["5 September 2012 →"]

    page.get_by_label("Go to a date").fill("2012-02-20")
    page.get_by_role("button", name="Go").click()
    # The day page of a day without events: a 404 (the browser logs it), with the nearest days.
    empty_day = f"{reader.base_url}/news/2012/02/20/"
    assert f"404 for {empty_day}" in reader.problems
    # The console's line for that 404 comes when it comes: wait for the page, then drop both.
    page.wait_for_load_state("load")
    reader.problems[:] = [problem for problem in reader.problems if empty_day not in problem]
    reader.check("dates-3-nearest", "Not found")
    assert "no events on Monday 20 February 2012" in page.locator("main").inner_text()
    page.get_by_role("link", name="Wednesday 5 September 2012").click()
    reader.check("dates-4-nearest-day", "Wednesday 5 September 2012")

    page.get_by_label("Search the archive").fill("8 February 2012")
    page.get_by_label("Search the archive").press("Enter")
    reader.check("dates-5-search", "Search the archive")
    page.get_by_role("link", name="Events of Wednesday 8 February 2012").click()
    reader.check("dates-6-day-from-search", "Wednesday 8 February 2012")


def test_a_reader_finds_a_day_in_one_step_without_javascript(live_server):
    a_few_days()  # 8 February and 5 September 2012
    read_without_script_at_both_widths(live_server, find_days)
