"""An editor in a real Chromium: logs in, edits a headline, adds a source and a topic, saves,
reads the public page as a reader would, then restores the previous version in one click.

Runs Debian's /usr/bin/chromium through Playwright against the live test server. The database
is set up and checked only while Playwright is not running: its event loop owns the thread.
"""

import datetime

import pytest
from playwright.sync_api import expect, sync_playwright

from events.editorial import revisions
from events.editorial.editors import create_editor
from events.models import Event
from tests.browser import launch_chromium
from tests.factories import EventFactory, SourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Editor-Pass-7"
OLD_HEADLINE = "Wang Lijun goes to the U.S. Consulate in Chengdu."
NEW_HEADLINE = "Wang Lijun spends a day at the U.S. Consulate in Chengdu."


@pytest.fixture
def story(editors_group):
    create_editor("ed", email="ed@example.org", password=PASSWORD)
    event = EventFactory(
        date=datetime.date(2012, 2, 8),
        headline=OLD_HEADLINE,
        slug="wang-lijun",
        topics=["Chongqing"],
    )
    SourceFactory(event=event, position=0, name="BBC", url="https://www.bbc.co.uk/news/1")
    return event


def log_in(page, base_url):
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("ed")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_contain_text("Newsroom")


def edit_event(page, change_url):
    page.goto(change_url)
    page.locator("#id_headline").fill(NEW_HEADLINE)
    page.locator("#sources-group .add-row a").click()
    page.locator('input[name="sources-1-name"]').fill("Reuters")
    page.locator('input[name="sources-1-url"]').fill("https://www.reuters.com/world/wang-lijun")
    choose_topic(page, "Wang Lijun")
    page.locator('input[name="_save"]').click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")


def choose_topic(page, name):
    """Type into the topics autocomplete and pick `name` (an existing topic or a new one)."""
    page.locator(".field-topics .select2-search__field").click()
    page.keyboard.type(name)
    page.locator(".select2-results__option", has_text=name).first.click()


def read_public_page(reader, url):
    """The page as an anonymous reader sees it: (headline, sources in order, topic names)."""
    reader.goto(url)
    headline = reader.locator("h1").inner_text()
    sources = reader.locator(".source-list li > a").all_inner_texts()
    topics = sorted(reader.locator(".topics a").all_inner_texts())
    return headline, sources, topics


def restore_previous_version(page, change_url):
    page.goto(change_url)
    page.get_by_role("link", name="Revisions").click()
    expect(page.locator("tr.revision")).to_have_count(2)
    # The newest row is the current state; the only restore button is the version before it.
    page.get_by_role("link", name="Restore this version").click()
    # Restoring asks first, showing what it would change.
    expect(page.locator("#restore-changes")).to_contain_text(NEW_HEADLINE)
    page.get_by_role("button", name="Yes, restore this version").click()
    expect(page.locator(".messagelist")).to_contain_text("The earlier version is back")


def test_editor_edits_publishes_and_restores_in_a_real_browser(live_server, story):
    change_url = f"{live_server.url}/admin/events/event/{story.pk}/change/"
    public_url = live_server.url + story.get_absolute_url()
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            editor = browser.new_context().new_page()
            reader = browser.new_context().new_page()
            log_in(editor, live_server.url)
            edit_event(editor, change_url)
            after_edit = read_public_page(reader, public_url)
            restore_previous_version(editor, change_url)
            after_restore = read_public_page(reader, public_url)
        finally:
            browser.close()

    assert after_edit == (NEW_HEADLINE, ["BBC", "Reuters"], ["Chongqing", "Wang Lijun"])
    assert after_restore == (OLD_HEADLINE, ["BBC"], ["Chongqing"])
    event = Event.objects.get(pk=story.pk)
    assert event.headline == OLD_HEADLINE
    assert [v.revision.user and v.revision.user.username for v in revisions.versions_of(event)] == [
        "ed",
        "ed",
        None,
    ]
