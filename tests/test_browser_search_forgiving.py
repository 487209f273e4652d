"""A reader finds an event from a misspelt word, and from more words than the event has, in a
real Chromium with JavaScript off, on desktop and phone. Screenshots in test-artifacts/browser/
(<width>-forgiving-*.png)."""

import datetime

import pytest
from django.core.management import call_command

from tests.factories import event_with_details
from tests.test_browser_public import read_without_script_at_both_widths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CUSTARD = "A protester throws custard at the Crown Jewels' display case."


def an_archive():
    for day in range(1, 6):
        event_with_details(
            datetime.date(2010, 2, 27 - day),
            headline=f"An aftershock of magnitude {day} follows the earthquake in Chile.",
            topics=["Chile"],
        )
    event_with_details(
        datetime.date(2012, 2, 8),
        headline=CUSTARD,
        summary="The Tower of London closes for an afternoon.",
        topics=["Tower of London"],
    )
    call_command("refresh_search_words")


def forgive(reader):
    page = reader.page
    page.goto(reader.base_url + "/")
    page.get_by_label("Search the archive").fill("earthqauke")
    page.get_by_label("Search the archive").press("Enter")
    reader.check("forgiving-1-misspelt", "Search the archive")
    assert "No events" in page.locator("#results-heading").inner_text()
    page.get_by_role("link", name="earthquake", exact=True).click()
    reader.check("forgiving-2-suggestion-taken", "Search the archive")
    assert "5 events for “earthquake”" in page.locator("#results-heading").inner_text()
    page.locator(".event-list__headline a").first.click()
    reader.check("forgiving-3-event", "earthquake in Chile")

    page.get_by_label("Search the archive").fill("custard thrown at crown jewels")
    page.get_by_label("Search the archive").press("Enter")
    reader.check("forgiving-4-most-words", "Search the archive")
    note = page.locator(".relaxed-note").inner_text()
    assert "No event has all of “custard thrown at crown jewels”" in note
    page.get_by_role("link", name=CUSTARD).click()
    reader.check("forgiving-5-event", "custard")


def test_a_reader_finds_events_despite_spelling_and_extra_words(live_server):
    an_archive()
    read_without_script_at_both_widths(live_server, forgive)
