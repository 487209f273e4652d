"""XSS: payloads (tests/xss_payloads.py) in every text field, placed through the importer, the
admin and the ORM, render inert on every public page kind, in the feeds and in the sitemap;
unsafe links are never stored. The markup of every page is checked first (fast, every page of
the site), then one page of each kind in a real browser, and the admin under the
Content-Security-Policy."""

import pytest
from django.test import Client
from django.urls import reverse

from events.archive.importer import import_archive
from events.models import Event, Topic
from events.public.views import TopicIndexView
from sources.models import Source
from tests.admin_forms import event_form
from tests.browser import launch_chromium
from tests.factories import EventFactory
from tests.xss_checks import Tab, feed_problems, markup_of, sitemap_problems
from tests.xss_payloads import (
    ADMIN_DAY,
    PAYLOADS,
    TRICKY_URLS,
    UNSAFE_URLS,
    add_through_the_admin,
    write_xss_archive,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def xss_site(tmp_path, staff_browser):
    """Payload events: one per payload from the archive, one per payload from the admin."""
    report = import_archive(write_xss_archive(tmp_path))
    assert report.refused == []
    assert report.created == len(PAYLOADS)
    # Each file's unsafe link is refused, named with its file and line.
    assert len([w for w in report.warnings if "URL refused" in w.reason]) == len(PAYLOADS)
    for number in range(len(PAYLOADS)):
        add_through_the_admin(staff_browser, number)
    return Event.objects.all()


def public_addresses() -> list[str]:
    topics = list(Topic.objects.order_by("pk"))
    addresses = ["/", "/news/2012/", "/news/2012/02/", "/news/2012/02/8/", "/news/2012/02/9/"]
    addresses += [event.get_absolute_url() for event in Event.objects.all()]
    addresses += ["/topics/"] + [topic.get_absolute_url() for topic in topics]
    if len(topics) > TopicIndexView.paginate_by:
        addresses.append("/topics/?page=2")
    addresses += ["/search/?q=script", "/search/?q=alert&outlet=%3Cimg", "/search/?outlet=svg"]
    # Marked matches: words, prefixes and phrases inside the payloads.
    addresses += ["/search/?q=onerror+or+img*", "/search/?q=%22script+alert%22+or+svg"]
    return addresses


def check_fields(events) -> None:
    """The corpus really sits in each field the test claims to cover."""
    stored = {
        "headline": set(Event.objects.values_list("headline", flat=True)),
        "source name": set(Source.objects.values_list("name", flat=True)),
        "snapshot title": set(Source.objects.values_list("snapshot_title", flat=True)),
        "related headline": {
            link.target_headline for event in events for link in event.related_links.all()
        },
    }
    for field, values in stored.items():
        assert set(PAYLOADS) <= values, field
    summaries = " ".join(Event.objects.values_list("summary", flat=True))
    snapshots = " ".join(Source.objects.values_list("snapshot_text", flat=True))
    assert all(p in summaries and p in snapshots for p in PAYLOADS)
    names = set(Topic.objects.values_list("name", flat=True))
    assert {p.replace(",", ";").strip() for p in PAYLOADS} <= names
    assert set(Source.objects.values_list("url", flat=True)) == set(TRICKY_URLS)


def check_pages(reader: Client) -> None:
    problems = {}
    headlines_seen = set()
    for address in public_addresses():
        response = reader.get(address)
        assert response.status_code == 200, address
        page = markup_of(response.content.decode())
        if page.problems:
            problems[address] = page.problems
        if response.resolver_match.url_name == "event":
            assert page.h1 == [response.context["event"].headline], address  # as text
            headlines_seen.update(page.h1)
    assert problems == {}
    assert set(PAYLOADS) <= headlines_seen  # every payload was a headline on its own page


def check_feeds_and_sitemaps(reader: Client, events) -> None:
    headlines = {event.get_absolute_url(): event.headline for event in events}
    feeds = ["/feeds/latest/"] + [f"{t.get_absolute_url()}feed/" for t in Topic.objects.all()]
    for address in feeds:
        response = reader.get(address)
        assert response.status_code == 200, address
        assert feed_problems(response.content, headlines) == [], address
    for address in ("/sitemap.xml", "/sitemap-events.xml", "/sitemap-days.xml"):
        response = reader.get(address)
        assert response.status_code == 200
        assert sitemap_problems(response.content) == [], address


def test_payloads_in_every_field_render_inert_on_every_page_feed_and_sitemap(xss_site):
    check_fields(xss_site)
    check_pages(Client())
    check_feeds_and_sitemaps(Client(), xss_site)


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_the_admin_refuses_unsafe_links_and_saves_nothing(staff_browser, url):
    form = event_form(cover_image_url=url, **{"sources-0-url": url}, date=ADMIN_DAY.isoformat())
    response = staff_browser.post(reverse("admin:events_event_add"), form)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("Enter a link starting with http:// or https://") == 2
    assert not Event.objects.exists() and not Source.objects.exists()


def test_a_topic_typed_without_letters_or_digits_still_has_an_address(client):
    """Before: taggit gave `»` an empty slug, and every page listing the topic failed."""
    event = EventFactory()
    event.topics.add("»", "!!!")
    slugs = sorted(Topic.objects.filter(name__in=["»", "!!!"]).values_list("slug", flat=True))
    assert slugs == ["topic", "topic_1"]
    assert client.get(event.get_absolute_url()).status_code == 200
    assert client.get("/topics/topic_1/").status_code == 200


# --- in a real browser: Debian's chromium through Playwright --------------------------------


def one_address_per_page_kind() -> list[str]:
    imported = Event.objects.get(slug="xss-0")
    added = Event.objects.get(slug="admin-xss-0")
    topic = imported.topics.order_by("pk").first()
    return [
        "/",
        "/news/2012/",
        "/news/2012/02/",
        "/news/2012/02/8/",
        imported.get_absolute_url(),
        added.get_absolute_url(),
        "/topics/",
        topic.get_absolute_url(),
        "/search/?q=script",
        "/feeds/latest/",
        f"{topic.get_absolute_url()}feed/",
        "/sitemap.xml",
        "/sitemap-events.xml",
    ]


def walk_public_pages(tab: Tab, addresses: list[str]) -> None:
    for address in addresses:
        tab.visit(address)
        # Payloads that wait for a reader: hover, and move the focus along the page.
        tab.page.mouse.move(10, 10)
        tab.page.keyboard.press("Tab")


def edit_in_the_admin(tab: Tab, event_id: int) -> None:
    """Sign in and open the payload event's change form; its scripts must work."""
    page = tab.page
    page.goto(f"{tab.base_url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw-editor-1")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{tab.base_url}/admin/")
    tab.visit("/admin/events/event/?q=script", admin=True)
    tab.visit(f"/admin/events/event/{event_id}/change/", admin=True)
    rows = page.locator("#sources-group .inline-related:not(.empty-form)")
    before = rows.count()
    page.locator("#sources-group .add-row a").click()  # inline rows (inlines.js)
    assert rows.count() == before + 1
    page.locator("#id_date").fill("")
    page.get_by_role("link", name="Today").first.click()  # date shortcuts (calendar.js)
    assert page.locator("#id_date").input_value()
    tab.check(admin=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_a_real_browser_no_payload_runs_and_the_admin_works_under_the_policy(
    xss_site, live_server
):
    """One page of each kind, the feeds and the sitemap with the Content-Security-Policy
    bypassed, so that escaping alone keeps the payloads inert; then the admin, and a public
    page, with the policy enforced: nothing blocked, the admin's scripts still work."""
    from playwright.sync_api import sync_playwright

    addresses = one_address_per_page_kind()
    event_id = Event.objects.get(slug="xss-0").pk
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            reader = Tab(browser.new_context(bypass_csp=True), live_server.url)
            walk_public_pages(reader, addresses)
            editor = Tab(browser.new_context(), live_server.url)
            edit_in_the_admin(editor, event_id)
            editor.visit(addresses[4])
        finally:
            browser.close()
    assert reader.dialogs + editor.dialogs == []
    assert "\n".join(reader.problems + editor.problems) == ""
