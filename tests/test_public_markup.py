"""Markup readers and search engines rely on: landmarks, one h1, labels, alt text, metadata.

Also: everything an editor or the archive wrote is escaped, including inside JSON-LD.
"""

import datetime
import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import EventFactory, event_with_details

pytestmark = pytest.mark.django_db

FEB_8 = datetime.date(2012, 2, 8)
HOSTILE = 'Bad </script><script>alert("x")</script> <b>bold</b> & "quotes"'


class PageOutline(HTMLParser):
    """Tags, attributes and script contents of a page, as a browser would tokenise them."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.scripts = []
        self._in_script = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs).get("type", "")
            self.scripts.append([self._in_script, ""])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            self.scripts[-1][1] += data

    def all(self, tag):
        return [attrs for name, attrs in self.tags if name == tag]

    def json_ld(self):
        return [json.loads(text) for kind, text in self.scripts if kind == "application/ld+json"]


def strings_in(data) -> list[str]:
    if isinstance(data, dict):
        return [text for value in data.values() for text in strings_in(value)]
    if isinstance(data, list):
        return [text for value in data for text in strings_in(value)]
    return [data] if isinstance(data, str) else []


@pytest.fixture
def pages(client):
    event = event_with_details(FEB_8, topics=["Chongqing"])
    urls = {
        "home": reverse("events:home"),
        "year": "/news/2012/",
        "month": "/news/2012/02/",
        "day": "/news/2012/02/8/",
        "event": event.get_absolute_url(),
        "topics": reverse("events:topics"),
        "topic": "/topics/chongqing/",
        "search": reverse("events:search") + "?q=event",
    }
    outlines = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        outlines[name] = PageOutline(response.content.decode())
    return outlines


def test_every_page_has_landmarks_one_h1_and_a_skip_link(pages):
    for name, page in pages.items():
        tags = [tag for tag, _ in page.tags]
        assert len(page.all("h1")) == 1, name
        for landmark in ("header", "nav", "main", "footer"):
            assert landmark in tags, (name, landmark)
        assert page.all("a")[0] == {"class": "skip-link", "href": "#content"}, name
        assert page.all("main")[0]["id"] == "content"
        assert page.all("html")[0]["lang"] == "en"


def test_every_form_control_is_labelled(pages):
    for name, page in pages.items():
        labelled = {attrs["for"] for attrs in page.all("label")}
        for control in page.all("input"):
            assert control["id"] in labelled, (name, control)


# Covers: decorative wherever a headline is beside them (day, event, home), so an empty alt,
# and a cover that fails to load leaves no text behind.
COVERS = ("cover", "front-lead__cover")


def test_every_image_has_alt_text_and_covers_an_empty_one(pages):
    covers = 0
    for name, page in pages.items():
        for image in page.all("img"):
            if image.get("class") in COVERS:
                covers += 1
                assert image.get("alt") == "", (name, image)
            else:
                assert image.get("alt"), (name, image)
    assert covers >= 3  # the day, the event and the home page each show one


def test_title_canonical_and_opengraph(pages):
    event_page = pages["event"]
    metas = {
        m.get("property") or m.get("name"): m["content"]
        for m in event_page.all("meta")
        if "content" in m
    }
    canonical = [link["href"] for link in event_page.all("link") if link["rel"] == "canonical"]
    assert canonical == [f"http://testserver{metas['og:url'].removeprefix('http://testserver')}"]
    assert metas["og:type"] == "article"
    assert metas["og:title"].startswith("Event number")
    assert metas["og:image"] == "https://images.example.org/cover.jpg"
    assert metas["description"] == "First paragraph."


def test_event_page_describes_a_news_article(pages):
    (article,) = pages["event"].json_ld()
    assert article["@type"] == "NewsArticle"
    assert article["datePublished"] == "2012-02-08"
    assert article["image"] == ["https://images.example.org/cover.jpg"]
    assert article["keywords"] == ["Chongqing"]
    assert article["url"].startswith("http://testserver/news/2012/02/8/")


def test_day_page_describes_a_collection_with_an_item_list(pages):
    (collection,) = pages["day"].json_ld()
    assert collection["@type"] == "CollectionPage"
    items = collection["mainEntity"]["itemListElement"]
    assert [item["position"] for item in items] == [1]
    assert items[0]["url"].startswith("http://testserver/news/2012/02/8/")


def test_hostile_text_is_inert_everywhere(client):
    event = EventFactory(date=FEB_8, headline=HOSTILE, summary=HOSTILE, topics=[HOSTILE])
    topic = event.topics.get()
    for url in [
        event.get_absolute_url(),
        "/news/2012/02/8/",
        topic.get_absolute_url(),
        "/search/?q=bold",
        "/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "<script>alert" not in body, url
        assert "<b>bold</b>" not in body, url
        outline = PageOutline(body)
        assert [kind for kind, _ in outline.scripts] in ([], ["application/ld+json"]), url
        for data in outline.json_ld():
            # The data block survived intact: the hostile text is data, not markup.
            assert HOSTILE in strings_in(data), url


def test_source_links_open_safely(client):
    event = event_with_details(FEB_8)
    outline = PageOutline(client.get(event.get_absolute_url()).content.decode())
    outbound = [a for a in outline.all("a") if a["href"].startswith("https://www.bbc")]
    assert len(outbound) == 2
    assert all(a["rel"] == "noopener nofollow ugc" for a in outbound)


def test_stylesheet_is_served(client, pages):
    (sheet,) = [link for link in pages["home"].all("link") if link["rel"] == "stylesheet"]
    response = client.get(sheet["href"])
    assert response.status_code == 200
    assert b":focus-visible" in b"".join(response.streaming_content)
