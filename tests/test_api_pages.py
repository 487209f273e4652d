"""The API's single objects and the other lists: an event by id and by date and slug, its
snapshots and related events; days; one day; topics and one topic (events.api)."""

import datetime

import pytest

from events.models import Event
from tests.api import api, walk
from tests.factories import EventFactory, RelatedFactory, SourceFactory, event_with_details

pytestmark = pytest.mark.django_db

FEB_8 = datetime.date(2012, 2, 8)


@pytest.fixture
def story():
    event = event_with_details(FEB_8, headline="Wang Lijun visits the consulate.", related=0)
    SourceFactory(
        event=event, position=5, name="Reuters", snapshot_title="Archived", snapshot_text="Text."
    )
    return event


def test_an_event_by_id_and_at_its_date_and_slug(client, story):
    later = EventFactory(date=datetime.date(2012, 3, 1), headline="Bo Xilai is removed.")
    RelatedFactory(event=story, target=later, target_path=later.legacy_path, position=0)
    RelatedFactory(
        event=story,
        position=1,
        target_path="/news/2013/01/1/gone.md",
        target_headline="Not in the archive.",
        context="Chongqing, Wang Lijun",
    )
    by_id = client.get(api("event", id=story.pk))
    at_date = client.get(api("event_at", date="2012-02-08", slug=story.slug))
    assert by_id.status_code == at_date.status_code == 200
    body = by_id.json()
    assert body == at_date.json()
    assert body["url"] == "http://testserver" + story.get_absolute_url()
    assert [topic["name"] for topic in body["topics"]] == ["Chongqing"]
    resolved, unresolved = body["related"]
    assert resolved == {
        "resolved": True,
        "headline": "Bo Xilai is removed.",
        "archive_path": later.legacy_path,
        "context": ["Chongqing"],
        "id": later.pk,
        "url": "http://testserver" + later.get_absolute_url(),
        "api_url": "http://testserver" + api("event", id=later.pk),
    }
    assert unresolved["resolved"] is False and unresolved["id"] is None
    assert unresolved["archive_path"] == "/news/2013/01/1/gone.md"
    assert unresolved["headline"] == "Not in the archive."
    assert unresolved["context"] == ["Chongqing", "Wang Lijun"]


def test_a_source_says_whether_it_has_a_snapshot_and_links_to_it(client, story):
    sources = client.get(api("event", id=story.pk)).json()["sources"]
    assert [source["has_snapshot"] for source in sources] == [False, False, True]
    assert sources[0]["snapshot_url"] is None
    snapshot = client.get(sources[2]["snapshot_url"])
    assert snapshot.status_code == 200
    assert snapshot.json()["title"] == "Archived" and snapshot.json()["text"] == "Text."
    without = story.sources.order_by("position").first()
    assert client.get(api("snapshot", id=without.pk)).status_code == 404


def test_days_with_counts_by_range_and_one_days_events_in_order(client):
    for day, count in ((FEB_8, 3), (datetime.date(2012, 2, 10), 1), (datetime.date(2012, 3, 1), 2)):
        for position in reversed(range(count)):
            EventFactory(date=day, position=position)
    days = client.get(api("days"), {"date_from": "2012-02-09"}).json()["results"]
    assert [(day["date"], day["count"]) for day in days] == [("2012-02-10", 1), ("2012-03-01", 2)]
    assert len(walk(client, api("days"), {"limit": 1})) == 3
    day = client.get(api("day", date="2012-02-08")).json()
    assert [event["position"] for event in day["events"]] == [0, 1, 2]
    assert day["count"] == 3 and day["previous_day"] is None and day["next_day"] == "2012-02-10"
    assert client.get(api("day", date="2012-02-09")).status_code == 404


def test_topics_with_counts_and_a_prefix_and_one_topic(client):
    EventFactory(topics=["Chongqing", "Wang Lijun"])
    EventFactory(topics=["Chongqing"])
    EventFactory(topics=["China"])
    topics = client.get(api("topics")).json()["results"]
    assert [(topic["name"], topic["count"]) for topic in topics] == [
        ("China", 1),
        ("Chongqing", 2),
        ("Wang Lijun", 1),
    ]
    prefixed = client.get(api("topics"), {"prefix": "ch"}).json()["results"]
    assert [topic["name"] for topic in prefixed] == ["China", "Chongqing"]
    assert len(walk(client, api("topics"), {"limit": 2})) == 3
    topic = client.get(api("topic", slug="chongqing")).json()
    assert topic["count"] == 2
    assert len(client.get(topic["events_url"]).json()["results"]) == 2
    assert client.get(api("topic", slug="nowhere")).status_code == 404


@pytest.mark.parametrize(
    "status", [Event.Status.DRAFT, Event.Status.SCHEDULED], ids=["draft", "scheduled"]
)
def test_drafts_and_scheduled_events_appear_nowhere(client, status):
    public = EventFactory(date=FEB_8, topics=["Shared"], headline="A public event.")
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    hidden = EventFactory(
        date=FEB_8,
        status=status,
        publish_at=later if status == Event.Status.SCHEDULED else None,
        headline="Secret merger of two ministries.",
        slug="secret-merger",
        topics=["Shared", "Secret topic"],
    )
    source = SourceFactory(event=hidden, name="Secret outlet", snapshot_text="Secret text.")
    RelatedFactory(
        event=public,
        target=hidden,
        target_path=hidden.legacy_path,
        target_headline="Secret merger of two ministries.",
    )
    EventFactory(date=datetime.date(2012, 2, 9), status=status, publish_at=later, topics=["Secret"])
    for url in (
        api("events"),
        api("events") + "?q=Secret",
        api("events") + "?outlet=Secret",
        api("days"),
        api("day", date="2012-02-08"),
        api("topics"),
        api("topic", slug="shared"),
        api("event", id=public.pk),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Secret" not in response.content and b"secret" not in response.content, url
    for url in (
        api("event", id=hidden.pk),
        api("event_at", date="2012-02-08", slug="secret-merger"),
        api("snapshot", id=source.pk),
        api("topic", slug="secret-topic"),
        api("day", date="2012-02-09"),
    ):
        assert client.get(url).status_code == 404, url
