"""The API's outlets: every outlet cited by public events with its counts, filtered and
paged; one outlet by domain or id; the events list filtered by one or more outlets."""

import datetime

import pytest

from events.models import Event
from sources.models import Outlet
from sources.outlets import merge_outlets
from tests.api import api, walk
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db

FEB_8 = datetime.date(2012, 2, 8)


def cite(event, *urls):
    for url in urls:
        SourceFactory(event=event, name="As written", url=url)
    return event


@pytest.fixture
def cited():
    """bbc.co.uk cited by two public events (one twice), reuters.com by one; a draft cites
    both and a third outlet only it does."""
    first = cite(EventFactory(date=FEB_8), "https://www.bbc.co.uk/1", "https://news.bbc.co.uk/2")
    second = cite(
        EventFactory(date=FEB_8 + datetime.timedelta(days=3)),
        "https://www.bbc.co.uk/3",
        "https://www.reuters.com/4",
    )
    draft = EventFactory(date=FEB_8, status=Event.Status.DRAFT)
    cite(draft, "https://www.bbc.co.uk/5", "https://reuters.com/6", "https://secret.example/7")
    return first, second


def test_outlets_with_counts_of_public_events_only(client, cited):
    body = client.get(api("outlets")).json()
    rows = [(o["domain"], o["count"], o["sources"]) for o in body["results"]]
    assert rows == [("bbc.co.uk", 2, 3), ("reuters.com", 1, 1)]
    assert body["next"] is None
    bbc = body["results"][0]
    assert bbc["url"].endswith("/outlets/bbc.co.uk/")
    assert bbc["name"] == "bbc.co.uk"
    events = client.get(bbc["events_url"]).json()["results"]
    assert [event["id"] for event in events] == [event.pk for event in cited]


def test_a_prefix_or_a_domain_narrows_the_list(client, cited):
    Outlet.objects.filter(domain="reuters.com").update(name="Reuters")
    for params, expected in (
        ({"prefix": "BB"}, ["bbc.co.uk"]),
        ({"prefix": "reu"}, ["reuters.com"]),
        ({"prefix": "secret"}, []),
        ({"domain": "reuters.com"}, ["reuters.com"]),
        ({"domain": "secret.example"}, []),
    ):
        body = client.get(api("outlets"), params).json()
        assert [outlet["domain"] for outlet in body["results"]] == expected, params


def test_pages_walk_every_outlet_once(client):
    for n in range(7):
        cite(EventFactory(date=FEB_8), f"https://outlet{n}.example/x")
    domains = [outlet["domain"] for outlet in walk(client, api("outlets"), {"limit": 2})]
    assert domains == sorted(f"outlet{n}.example" for n in range(7))


def test_a_page_costs_the_same_queries_whatever_its_size(client, django_assert_num_queries):
    for n in range(12):
        event = cite(EventFactory(date=FEB_8), f"https://outlet{n}.example/a")
        cite(event, f"https://outlet{n}.example/b")
    with django_assert_num_queries(3) as small:
        assert len(client.get(api("outlets"), {"limit": 2}).json()["results"]) == 2
    with django_assert_num_queries(3):
        assert len(client.get(api("outlets"), {"limit": 12}).json()["results"]) == 12
    assert len(small.captured_queries) == 3


def test_one_outlet_by_domain_or_id_with_its_counts_and_dates(client, cited):
    bbc = Outlet.objects.get(domain="bbc.co.uk")
    body = client.get(api("outlet", ref="bbc.co.uk")).json()
    assert (body["id"], body["count"], body["sources"]) == (bbc.pk, 2, 3)
    assert (body["first_date"], body["latest_date"]) == ("2012-02-08", "2012-02-11")
    assert body["merged_domains"] == []
    assert client.get(api("outlet", ref=str(bbc.pk))).json() == body
    assert client.get(api("outlet", ref="BBC.co.uk")).json() == body


def test_a_merged_domain_answers_with_the_outlet_it_joined(client, cited):
    cite(EventFactory(date=FEB_8), "https://www.bbc.com/8")
    merge_outlets(Outlet.objects.get(domain="bbc.com"), Outlet.objects.get(domain="bbc.co.uk"))
    body = client.get(api("outlet", ref="bbc.com")).json()
    assert (body["domain"], body["count"], body["merged_domains"]) == ("bbc.co.uk", 3, ["bbc.com"])
    listed = client.get(api("outlets"), {"domain": "bbc.com"}).json()["results"]
    assert [outlet["domain"] for outlet in listed] == ["bbc.co.uk"]


@pytest.mark.parametrize("ref", ["secret.example", "nowhere.example", "999999", "³", "x" * 253])
def test_an_outlet_no_public_event_cites_is_a_json_404(client, cited, ref):
    response = client.get(api("outlet", ref=ref))
    assert response.status_code == 404
    assert response.json()["detail"] == "Not found"


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("outlets", {"sort": "count"}, "sort"),
        ("outlets", {"limit": "0"}, "limit"),
        ("outlets", {"prefix": "a\x00"}, "prefix"),
        ("outlets", {"cursor": "nope"}, "cursor"),
        ("events", {"outlet": [f"o{n}.example" for n in range(11)]}, "outlet"),
    ],
)
def test_bad_or_unknown_parameters_are_a_400_naming_them(client, url, params, field):
    response = client.get(api(url), params)
    assert response.status_code == 400
    assert field in {error["field"] for error in response.json()["errors"]}


def test_one_outlet_refuses_any_parameter(client, cited):
    response = client.get(api("outlet", ref="bbc.co.uk"), {"limit": "2"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "limit"


def test_the_events_outlet_filter_repeated_wants_every_one(client, cited):
    first, second = cited
    for outlets, expected in (
        (["bbc.co.uk"], [first, second]),
        (["bbc.co.uk", "reuters.com"], [second]),
        (["reuters.com", "secret.example"], []),
    ):
        body = client.get(api("events"), {"outlet": outlets}).json()
        assert [event["id"] for event in body["results"]] == [e.pk for e in expected], outlets


def test_outlet_answers_carry_the_outlets_key(client, cited):
    listed = client.get(api("outlets"))
    assert {"outlets", "api"} <= set(listed["xkey"].split())
    one = client.get(api("outlet", ref="bbc.co.uk"))
    assert "outlets" in one["xkey"].split()


@pytest.mark.django_db(transaction=True)
def test_writes_that_change_an_outlets_answer_purge_its_key(front):
    event = cite(EventFactory(date=FEB_8), "https://www.bbc.co.uk/1")
    front.forget()
    cite(event, "https://www.reuters.com/2")
    assert "outlets" in front.keys
    front.forget()
    outlet = Outlet.objects.get(domain="reuters.com")
    outlet.name = "Reuters"
    outlet.save()
    assert "outlets" in front.keys
    front.forget()
    event.status = Event.Status.DRAFT
    event.save()
    assert "outlets" in front.keys
