"""Atom feeds of the latest events and of each topic, as a feed reader parses them."""

import datetime

import feedparser
import pytest
from django.urls import reverse
from reversion.models import Version

from events.editorial import revisions
from events.http_cache import keys
from events.models import Event, Topic
from events.public.feeds import FEED_SIZE
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

LATEST = reverse("events:latest_feed")


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed, response.content.decode()


def test_latest_feed_lists_public_events_newest_first(client):
    EventFactory(date=datetime.date(2012, 2, 8), headline="Older.", summary="Said before.")
    EventFactory(date=datetime.date(2012, 9, 5), headline="Newer.", slug="newer")
    EventFactory(date=datetime.date(2013, 1, 1), headline="Draft.", status=Event.Status.DRAFT)
    feed, _ = parse(client, LATEST)
    assert feed.feed.title == "Newsroom: latest events"
    assert [entry.title for entry in feed.entries] == ["Newer.", "Older."]
    newest = feed.entries[0]
    assert newest.link == "http://testserver/news/2012/09/5/newer/"
    assert newest.published.startswith("2012-09-05")
    assert feed.entries[1].summary == "<p>Said before.</p>"


def test_latest_feed_is_bounded(client):
    for n in range(FEED_SIZE + 5):
        EventFactory(date=datetime.date(2012, 1, 1) + datetime.timedelta(days=n))
    feed, _ = parse(client, LATEST)
    assert len(feed.entries) == FEED_SIZE


def test_latest_feed_takes_the_newest_across_days_in_the_editors_order(client):
    """Its entries come from its latest dates; a day too full for the feed is cut in the
    editors' order, and a later draft day does not count among those dates."""
    for n in range(FEED_SIZE):
        EventFactory(date=datetime.date(2012, 2, 8), position=n, headline=f"Feb {n}.")
    EventFactory(date=datetime.date(2012, 2, 9), headline="Last.")
    EventFactory(date=datetime.date(2012, 2, 10), headline="Draft.", status=Event.Status.DRAFT)
    feed, _ = parse(client, LATEST)
    expected = ["Last.", *(f"Feb {n}." for n in range(FEED_SIZE - 1))]
    assert [entry.title for entry in feed.entries] == expected


def test_summary_markup_reaches_readers_as_text(client):
    EventFactory(headline="Escaped.", summary="<script>alert(1)</script> & more")
    _, xml = parse(client, LATEST)
    # Escaped once for the HTML the reader renders, once more for the XML around it.
    assert "&lt;p&gt;&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; &amp;amp; more" in xml
    assert "<script>" not in xml


def test_topic_feed_lists_only_that_topics_public_events(client):
    EventFactory(date=datetime.date(2012, 2, 8), headline="About Chongqing.", topics=["Chongqing"])
    EventFactory(date=datetime.date(2012, 2, 9), headline="Elsewhere.", topics=["Japan"])
    EventFactory(headline="Draft.", topics=["Chongqing"], status=Event.Status.DRAFT)
    feed, _ = parse(client, reverse("events:topic_feed", kwargs={"slug": "chongqing"}))
    assert feed.feed.title == "Newsroom: Chongqing"
    assert feed.feed.link == "http://testserver/topics/chongqing/"
    assert [entry.title for entry in feed.entries] == ["About Chongqing."]


def test_topic_page_and_home_advertise_their_feeds(client):
    EventFactory(topics=["Chongqing"])
    topic_page = client.get(reverse("events:topic", kwargs={"slug": "chongqing"})).content.decode()
    assert (
        'type="application/atom+xml" title="Newsroom: Chongqing" href="/topics/chongqing/feed/"'
        in topic_page
    )
    home = client.get(reverse("events:home")).content.decode()
    assert f'type="application/atom+xml" title="Newsroom: latest events" href="{LATEST}"' in home


def test_an_event_without_a_summary_has_no_summary_element(client):
    EventFactory(headline="Nothing more to say.", summary="")
    feed, xml = parse(client, LATEST)
    assert "summary" not in feed.entries[0]
    assert "<p></p>" not in xml
    assert "&lt;p&gt;&lt;/p&gt;" not in xml


def test_updated_is_the_events_date_until_it_is_changed_in_the_cms(client):
    imported = EventFactory(date=datetime.date(2012, 2, 8), headline="Imported.")
    edited = EventFactory(date=datetime.date(2012, 2, 7), headline="Edited.")
    revisions.record(edited)
    changed_at = Version.objects.get_for_object(edited).get().revision.date_created
    feed, _ = parse(client, LATEST)
    by_title = {entry.title: entry for entry in feed.entries}
    assert by_title["Imported."].updated.startswith("2012-02-08T00:00:00")
    assert by_title["Edited."].updated_parsed[:6] == changed_at.utctimetuple()[:6]
    assert imported.updated_at.year > 2012  # the import time, which the feed does not show


def test_feeds_send_no_last_modified(client):
    event = EventFactory(topics=["Chongqing"])
    revisions.record(event)
    for url in (LATEST, reverse("events:topic_feed", kwargs={"slug": "chongqing"})):
        response = client.get(url)
        assert response.status_code == 200
        assert "Last-Modified" not in response


def test_feed_queries_do_not_grow_with_its_entries(client, django_assert_max_num_queries):
    for n in range(12):
        event = EventFactory(date=datetime.date(2012, 1, 1) + datetime.timedelta(days=n))
        revisions.record(event)
    with django_assert_max_num_queries(3):
        assert client.get(LATEST).status_code == 200


# --- the pages that say how to follow a feed ---------------------------------------------------


def test_the_follow_page_gives_the_feeds_address_to_copy(client):
    EventFactory(topics=["Chongqing"])
    response = client.get(reverse("events:follow"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Follow the latest events in a feed reader</h1>" in page
    assert 'rows="2" readonly>http://testserver/feeds/latest/</textarea>' in page
    assert '<a href="/feeds/latest/" type="application/atom+xml">' in page
    assert keys.FEEDS in response["xkey"].split()
    # Every page links it from its footer; feed readers still find the Atom from every page.
    home = client.get(reverse("events:home")).content.decode()
    assert '<a href="/feeds/">Feeds</a>' in home
    assert 'type="application/atom+xml" title="Newsroom: latest events" href="/feeds/latest/"' in (
        home
    )


def test_a_topics_follow_page_names_it_and_gives_its_feed(client):
    EventFactory(topics=["Chongqing"])
    response = client.get(reverse("events:follow_topic", args=["chongqing"]))
    page = response.content.decode()
    assert "<h1>Follow Chongqing in a feed reader</h1>" in page
    assert "readonly>http://testserver/topics/chongqing/feed/</textarea>" in page
    assert '<a href="/feeds/">The latest events</a>' in page
    topic = Topic.objects.get(name="Chongqing")
    assert keys.topic_key(topic.pk) in response["xkey"].split()


def test_a_topic_without_public_events_has_no_follow_page(client):
    EventFactory(topics=["Secret"], status=Event.Status.DRAFT)
    assert client.get(reverse("events:follow_topic", args=["secret"])).status_code == 404
    assert client.get(reverse("events:follow_topic", args=["nothing"])).status_code == 404
