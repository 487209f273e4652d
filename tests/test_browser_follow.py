"""A reader finds how to follow the site in a feed reader, in a real Chromium with JavaScript
off on desktop and phone: from any page's footer to the page for the latest events' feed, and
from a topic's page to its own; each gives the feed's address in a field to copy whole.
Screenshots: test-artifacts/browser/<width>-follow-*.png."""

import pytest

from tests.test_browser_public import a_few_days, read_without_script_at_both_widths

pytestmark = [
    pytest.mark.browser,
    pytest.mark.presentation,
    pytest.mark.django_db(transaction=True),
]


def follow_the_feeds(reader):
    page = reader.page
    page.goto(reader.base_url + "/news/2012/02/8/")
    page.locator(".site-footer").get_by_role("link", name="Feeds").click()
    reader.check("follow-1-latest", "Follow the latest events in a feed reader")
    address = page.get_by_label("Copy the feed's address:")
    assert address.input_value() == reader.base_url + "/feeds/latest/"
    # The box shows the whole address, on a phone too.
    assert address.evaluate("box => box.scrollHeight <= box.clientHeight + 1")

    page.goto(reader.base_url + "/topics/wang-lijun/")
    page.get_by_role("link", name="Follow this topic").click()
    reader.check("follow-2-topic", "Follow Wang Lijun in a feed reader")
    address = page.get_by_label("Copy the feed's address:")
    assert address.input_value() == reader.base_url + "/topics/wang-lijun/feed/"
    page.get_by_role("link", name="The latest events").click()
    reader.check("follow-3-back-to-latest", "Follow the latest events in a feed reader")


def test_a_reader_finds_how_to_follow_a_feed_without_javascript(live_server):
    a_few_days()
    read_without_script_at_both_widths(live_server, follow_the_feeds)
