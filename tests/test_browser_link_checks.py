"""Link checks as an editor sees them, in a real Chromium at 1280x800 and 390x844: the desk
counts never-checked links apart from dead ones; "Check the selected links now" against a real
local server reports what answered as a success, what could not be reached as a warning and
what failed as an error. axe-core checks the desk and the sources list with those messages.
Screenshots: test-artifacts/browser/link-checks-*.png."""

import pytest
from playwright.sync_api import expect

from events.editorial.editors import create_editor
from sources.models import LinkState
from tests.browser import (
    LAPTOP_AND_PHONE,
    editor_page,
    keep_screenshot,
    no_axe_violations,
    page_width,
    select_every_row,
)
from tests.factories import SourceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.presentation,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "Link-Checks-Editor-Pass-4"
PATHS = ["/news/article", "/news/gone", "/news/forbidden"]
ACTION_ANSWERS_WITHIN_MS = 30_000


@pytest.fixture
def sources(editors_group, page_server, settings):
    settings.NEWSROOM_FETCH_ALLOW_PRIVATE = True
    settings.NEWSROOM_FETCH_HOST_DELAY_MS = 0
    create_editor("ed", email="ed@example.org", password=PASSWORD)
    SourceFactory(link_state=LinkState.DEAD, last_checked_at="2026-01-01T00:00:00Z")
    return [SourceFactory(url=page_server.url(path)) for path in PATHS]


@pytest.mark.parametrize("size", LAPTOP_AND_PHONE)
def test_link_checks_report_in_matching_styles(live_server, sources, size):
    size_name = "{}x{}".format(*size)
    with editor_page(live_server.url, "ed", PASSWORD, size) as page:
        box = page.locator("#link-states")
        expect(box.locator("tr")).to_have_text(
            ["Never checked3", "Dead1", "Unreachable at the last check0"]
        )
        box.scroll_into_view_if_needed()
        keep_screenshot(page, f"link-checks-desk-{size_name}")
        assert page_width(page) <= size[0]
        no_axe_violations(page, f"desk at {size_name}")
        box.get_by_role("link", name="Never checked").click()
        expect(page.locator("#result_list tbody tr")).to_have_count(3)
        select_every_row(page)
        page.locator("select[name=action]").select_option("check_now")
        page.locator(".actions button[type=submit]").first.click()
        # The action fetches the three links before it answers: on a loaded 2-core machine
        # that has taken over expect's default 5 s.
        expect(page.locator(".messagelist li.success")).to_have_text(
            "Checked 3 links: 1 answered.", timeout=ACTION_ANSWERS_WITHIN_MS
        )
        expect(page.locator(".messagelist li.warning")).to_contain_text("1 unreachable")
        expect(page.locator(".messagelist li.error")).to_contain_text("1 failed")
        keep_screenshot(page, f"link-checks-result-{size_name}")
        no_axe_violations(page, f"sources list after a check at {size_name}")
