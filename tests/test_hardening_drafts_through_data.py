"""What drafts give or cite stays out of the read API and the dumps, as it does on the pages;
and a day address's 404 is kept no longer than until a scheduled event makes it work."""

import datetime
import re

import pytest
from django.utils import timezone

from events.dumps.records import public_records
from events.models import Event
from sources.models import Outlet
from sources.outlets import merge_outlets
from tests.factories import EventFactory, RelatedFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic_given_by_a_draft():
    """A public event that a draft's link gives the topic "Secretgiven"."""
    target = EventFactory(date=datetime.date(2012, 3, 19), slug="target", topics=["Chongqing"])
    draft = EventFactory(date=datetime.date(2012, 3, 20), status=Event.Status.DRAFT)
    RelatedFactory(
        event=draft, target=target, target_path=target.legacy_path, context="Secretgiven"
    )
    return target


def test_the_api_counts_no_topic_a_draft_gave(client, topic_given_by_a_draft):
    assert client.get("/topics/secretgiven/").status_code == 404  # as the site does
    assert client.get("/api/v1/topics/secretgiven").status_code == 404
    names = {topic["name"] for topic in client.get("/api/v1/topics").json()["results"]}
    assert names == {"Chongqing"}
    assert client.get("/api/v1/events", {"topic": "secretgiven"}).json()["results"] == []
    found = client.get("/api/v1/events", {"topic": "chongqing"}).json()["results"]
    assert [event["id"] for event in found] == [topic_given_by_a_draft.pk]


def test_dumps_carry_no_topic_a_draft_gave(topic_given_by_a_draft):
    records = list(public_records())
    assert [topic["name"] for record in records for topic in record["topics"]] == ["Chongqing"]


def test_an_outlet_names_no_merged_domain_only_drafts_cited(client):
    public = EventFactory(date=datetime.date(2012, 2, 8))
    SourceFactory(event=public, url="https://www.bbc.co.uk/1")
    SourceFactory(event=public, url="https://news.bbc.com/2")
    draft = EventFactory(date=datetime.date(2012, 2, 8), status=Event.Status.DRAFT)
    SourceFactory(event=draft, url="https://secret.example/7")
    survivor = Outlet.objects.get(domain="bbc.co.uk")
    for domain in ("secret.example", "bbc.com"):
        merge_outlets(Outlet.objects.get(domain=domain), survivor)
    body = client.get("/api/v1/outlets/bbc.co.uk").json()
    assert body["merged_domains"] == ["bbc.com"]


def s_maxage(response) -> int:
    return int(re.search(r"s-maxage=(\d+)", response["Cache-Control"]).group(1))


def test_a_day_address_404_lasts_until_a_scheduled_event_makes_it_work(client):
    EventFactory(date=datetime.date(2012, 2, 8))
    due = timezone.now() + datetime.timedelta(seconds=60)
    EventFactory(date=datetime.date(2012, 2, 20), status=Event.Status.SCHEDULED, publish_at=due)
    for address in ("/elsewhere/", "/news/2012/02/20/"):
        response = client.get(address)
        assert response.status_code == 404
        assert s_maxage(response) <= 60, (address, response["Cache-Control"])
