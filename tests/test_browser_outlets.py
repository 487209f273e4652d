"""A reader finds the outlets from any page's footer and knows them by name, in a real
Chromium with JavaScript off on desktop and phone: the BBC's two domains, merged by editors,
are one outlet named as its events name it. Screenshots: <width>-outlets-*.png."""

import datetime

import pytest

from sources.models import Source
from sources.outlets import merge_outlets
from tests.factories import EventFactory, SourceFactory
from tests.test_browser_public import read_without_script_at_both_widths

pytestmark = [
    pytest.mark.browser,
    pytest.mark.presentation,
    pytest.mark.django_db(transaction=True),
]


def bbc_on_two_domains_merged():
    for n, domain in enumerate(("bbc.co.uk", "bbc.com", "bbc.com")):
        event = EventFactory(date=datetime.date(2012, 2, 8 + n), headline=f"Story {n}.")
        SourceFactory(event=event, url=f"https://www.{domain}/news/{n}", name="BBC News")
    SourceFactory(event=event, url="https://www.reuters.com/a", name="Reuters")
    kept = Source.objects.get(url="https://www.bbc.co.uk/news/0").outlet
    merge_outlets(Source.objects.get(url="https://www.bbc.com/news/1").outlet, kept)


def find_the_outlets(reader):
    page = reader.page
    page.goto(reader.base_url + "/")
    page.locator(".site-footer").get_by_role("link", name="Outlets").click()
    reader.check("outlets-1-index", "Outlets")
    assert page.locator(".outlet-index > li > a").all_inner_texts() == ["BBC News", "Reuters"]
    assert page.locator(".outlet-index__domains").first.inner_text() == "bbc.co.uk, bbc.com"
    page.get_by_role("link", name="BBC News").click()
    reader.check("outlets-2-outlet", "BBC News")
    assert page.locator(".event-list__item").count() == 3


def test_a_reader_finds_outlets_by_name_without_javascript(live_server):
    bbc_on_two_domains_merged()
    read_without_script_at_both_widths(live_server, find_the_outlets)
