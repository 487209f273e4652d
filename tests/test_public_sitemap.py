"""The sitemap lists every public event and day page with lastmod; robots.txt points at it."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def xml_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314  (our own response, not untrusted input)


def section_urls(client):
    index = xml_of(client, reverse("sitemap"))
    sections = {}
    for sitemap in index.findall("sm:sitemap", NS):
        location = sitemap.find("sm:loc", NS).text
        assert sitemap.find("sm:lastmod", NS) is not None
        path = location.removeprefix("http://testserver")
        entries = xml_of(client, path).findall("sm:url", NS)
        sections[path] = {e.find("sm:loc", NS).text: e.find("sm:lastmod", NS).text for e in entries}
    return sections


def test_sitemap_lists_every_public_event_and_day_with_lastmod(client):
    events = [
        EventFactory(date=datetime.date(2012, 2, 8)),
        EventFactory(date=datetime.date(2012, 2, 8)),
        EventFactory(date=datetime.date(2016, 11, 2)),
    ]
    EventFactory(date=datetime.date(2017, 7, 15), slug="draft", status=Event.Status.DRAFT)
    sections = section_urls(client)
    assert set(sections) == {"/sitemap-events.xml", "/sitemap-days.xml"}
    event_urls = sections["/sitemap-events.xml"]
    assert set(event_urls) == {f"http://testserver{e.get_absolute_url()}" for e in events}
    for event in events:
        lastmod = event_urls[f"http://testserver{event.get_absolute_url()}"]
        assert lastmod.startswith(event.updated_at.date().isoformat())
    assert set(sections["/sitemap-days.xml"]) == {
        "http://testserver/news/2012/02/8/",
        "http://testserver/news/2016/11/2/",
    }


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body
