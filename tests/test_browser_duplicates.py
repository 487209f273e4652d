"""Triage of possible duplicates in a real Chromium at 1280x800 and 390x844: the desk counts
the pairs not decided yet; on the report the editor marks one pair "not a duplicate" and one
"reviewed", and both leave the open list and the desk's count, and show on the decided list;
then merges the last pair (refused without a choice of the event to keep), and the merged-away
event's address leads to the kept one. axe-core checks the report and the merge page.
Screenshots: test-artifacts/browser/duplicates-*.png."""

import datetime

import pytest
from playwright.sync_api import expect

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

PASSWORD = "Duplicates-Editor-Pass-9"
DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def tolls(editors_group):
    create_editor("ed", email="ed@example.org", password=PASSWORD)
    return {
        event.headline: event.get_absolute_url()
        for event in (
            EventFactory(
                date=DAY + datetime.timedelta(days=n),
                headline=f"At least {n}1 people are killed in the shelling of Homs, Syria.",
            )
            for n in range(3)
        )
    }


@pytest.mark.parametrize("size", LAPTOP_AND_PHONE)
def test_pairs_are_dismissed_or_reviewed_once(live_server, tolls, size):
    base = live_server.url
    name = "{}x{}".format(*size)
    with editor_page(base, "ed", PASSWORD, size) as page:
        desk_box = page.locator("#possible-duplicates h2")
        expect(desk_box).to_contain_text("(3)")
        page.get_by_role("link", name="The whole archive").click()
        rows = page.locator("#duplicate-pairs tbody tr")
        expect(rows).to_have_count(3)
        keep_screenshot(page, f"duplicates-open-{name}")
        assert page_width(page) <= size[0]
        no_axe_violations(page, f"duplicates report at {name}")
        rows.first.get_by_role("button", name="Not a duplicate").click()
        expect(page.locator(".messagelist li.success")).to_contain_text("not a duplicate")
        expect(rows).to_have_count(2)
        rows.first.get_by_role("button", name="Reviewed").click()
        expect(rows).to_have_count(1)
        page.get_by_role("link", name="Show the 2 decided").click()
        expect(rows).to_have_count(2)
        expect(rows.first.locator(".pair-decision")).to_contain_text("(ed,")
        keep_screenshot(page, f"duplicates-decided-{name}")
        no_axe_violations(page, f"decided pairs at {name}")
        page.goto(f"{base}/admin/")
        expect(desk_box).to_contain_text("(1)")
        merge_the_last_pair(page, base, name, addresses=tolls)
        page.goto(f"{base}/admin/")
        expect(desk_box).to_contain_text("(0)")
    assert Event.objects.count() == 2


def merge_the_last_pair(page, base, name, addresses=tolls):
    page.goto(f"{base}/admin/events/event/duplicates/")
    rows = page.locator("#duplicate-pairs tbody tr")
    expect(rows).to_have_count(1)
    earlier, later = (rows.first.locator("td a").nth(n).inner_text() for n in (0, 1))
    away = addresses[later.split(": ", 1)[1]]
    rows.first.get_by_role("link", name="Merge…").click()
    expect(page.locator("#merge-form")).to_contain_text("2 addresses redirecting")
    page.get_by_role("button", name="Merge").click()
    expect(page.get_by_role("alert")).to_have_text("Choose the event to keep.")
    keep_screenshot(page, f"duplicates-merge-{name}")
    assert page_width(page) <= int(name.split("x")[0])
    no_axe_violations(page, f"merge page at {name}")
    page.get_by_label(f"Keep “{earlier.split(': ', 1)[1]}”").check()
    page.get_by_role("button", name="Merge").click()
    expect(page.locator(".messagelist li.success")).to_contain_text("Merged “")
    expect(page.locator("#duplicate-pairs")).to_have_count(0)
    keep_screenshot(page, f"duplicates-merged-{name}")
    page.goto(f"{base}{away}")
    assert page.url == f"{base}{addresses[earlier.split(': ', 1)[1]]}"
