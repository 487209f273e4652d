"""Merging topics in a real Chromium at 1280x800 and 390x844: the choice page shows what each
topic would bring (events, addresses that would redirect), refuses a missing choice with an
error, then merges. axe-core checks the page and the topics list on a phone's stacked rows.
Screenshots: test-artifacts/browser/topic-merge-*.png."""

import pytest
from playwright.sync_api import expect

from events.editorial.editors import create_editor
from events.models import Topic
from tests.browser import (
    LAPTOP_AND_PHONE,
    editor_page,
    keep_screenshot,
    no_axe_violations,
    page_width,
    select_every_row,
)
from tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Topic-Merge-Editor-Pass-2"


@pytest.fixture
def topics(editors_group):
    create_editor("ed", email="ed@example.org", password=PASSWORD)
    EventFactory(headline="Protests in Chongqing.", topics=["Chongqing"])
    EventFactory(headline="Floods in Chong-qing.", topics=["Chong-qing", "Chongqing"])
    EventFactory(headline="A new mayor for Chong-qing.", topics=["Chong-qing"])


@pytest.mark.parametrize("size", LAPTOP_AND_PHONE)
def test_merge_shows_what_moves_and_needs_a_choice(live_server, topics, size):
    base = live_server.url
    name = "{}x{}".format(*size)
    with editor_page(base, "ed", PASSWORD, size) as page:
        page.goto(f"{base}/admin/events/topic/")
        assert page_width(page) <= size[0]
        no_axe_violations(page, f"topics list at {name}")
        select_every_row(page)
        page.locator("select[name=action]").select_option("merge")
        page.locator(".actions button[type=submit]").first.click()
        expect(page.locator(".merge-choice")).to_have_count(2)
        expect(page.locator(".merge-choice").first).to_contain_text("/topics/chong-qing/feed/")
        page.locator("input[type=submit]").click()
        expect(page.locator(".errornote")).to_have_text(
            "Choose the topic to keep: nothing was merged."
        )
        keep_screenshot(page, f"topic-merge-refused-{name}")
        assert page_width(page) <= size[0]
        no_axe_violations(page, f"topic merge at {name}")
        page.get_by_label("Chongqing (2)", exact=True).check()
        page.locator("input[type=submit]").click()
        expect(page.locator(".messagelist li.success")).to_contain_text("Merged 1 topic")
    assert list(Topic.objects.values_list("name", flat=True)) == ["Chongqing"]
