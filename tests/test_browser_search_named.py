"""A reader gets to a topic's page from its name typed in search, and narrows the results
with the "Filter" disclosure on a phone, in a real Chromium with JavaScript off, on desktop and
phone. Screenshots in test-artifacts/browser/ (<width>-named-*.png)."""

import pytest

from tests.test_browser_public import a_few_days, read_without_script_at_both_widths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def topic_from_search(reader):
    page = reader.page
    page.goto(reader.base_url + "/")
    page.get_by_label("Search the archive").fill("wang lijun")
    page.get_by_label("Search the archive").press("Enter")
    reader.check("named-1-search", "Search the archive")
    offer = page.locator(".named-pages")
    assert offer.inner_text().startswith("Topic: Wang Lijun 2 events")
    if reader.width_name == "phone":
        assert not page.locator(".search-results .facets").is_visible()
        page.get_by_text("Filter", exact=True).click()
        fold = page.locator(".facets-fold")
        assert fold.get_by_role("link", name="2012").is_visible()
        reader.check("named-2-filter-open", "Search the archive")
    else:
        assert not page.locator(".facets-fold").is_visible()
    offer.get_by_role("link", name="Wang Lijun").click()
    reader.check("named-3-topic", "Wang Lijun")


def test_a_reader_reaches_a_topic_from_its_name_in_search(live_server):
    a_few_days()
    read_without_script_at_both_widths(live_server, topic_from_search)
