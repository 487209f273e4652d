"""The event change page passes every axe-core rule at 1280x800 and 390x844, with sources,
topics and related links filled in, and again with a snapshot opened and a related link row
added, and with a related event's list open: every field, topic box and inline "Delete"
box has a name screen readers read.
Screenshots: test-artifacts/browser/change-page-axe-*.png."""

import datetime

import pytest
from playwright.sync_api import expect

from events.editorial.editors import create_editor
from tests.browser import LAPTOP_AND_PHONE, editor_page, keep_screenshot, no_axe_violations
from tests.factories import EventFactory, RelatedFactory, SourceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.presentation,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "Change-Page-Axe-Pass-4"


@pytest.fixture
def event(editors_group):
    create_editor("ed", email="ed@example.org", password=PASSWORD)
    event = EventFactory(
        date=datetime.date(2012, 2, 8),
        headline="Wang Lijun goes to the U.S. Consulate in Chengdu.",
        topics=["Chongqing", "Wang Lijun"],
    )
    later = EventFactory(date=datetime.date(2012, 9, 5), topics=["Wang Lijun"])
    for position, name in enumerate(["Reuters", "The Guardian"]):
        SourceFactory(event=event, position=position, name=name)
    RelatedFactory(event=event, target=later, target_headline=later.headline, position=0)
    RelatedFactory(event=event, position=1)
    return event


@pytest.mark.parametrize("size", LAPTOP_AND_PHONE)
def test_the_change_page_passes_every_axe_rule(live_server, event, size):
    base = live_server.url
    with editor_page(base, "ed", PASSWORD, size) as page:
        page.goto(f"{base}/admin/events/event/{event.pk}/change/")
        page.locator(".field-topics .select2-selection").first.wait_for()
        name = "{}x{}".format(*size)
        keep_screenshot(page, f"change-page-axe-{name}")
        no_axe_violations(page, f"event change page at {name}")
        # Opened parts and a row added afterwards are named too.
        page.locator("#sources-0 summary").click()
        page.locator("#related_links-group .add-row a").click()
        expect(page.locator("#related_links-2 .select2-selection")).to_be_visible()
        keep_screenshot(page, f"change-page-axe-opened-{name}")
        no_axe_violations(page, f"event change page, opened, at {name}")
        # A related event's list, open, says which box controls it and stays in <main>.
        page.locator("#related_links-2 .select2-selection").click()
        expect(page.locator("main .select2-results__option").first).to_be_visible()
        keep_screenshot(page, f"change-page-axe-target-list-{name}")
        no_axe_violations(page, f"event change page, related event list open, at {name}")
