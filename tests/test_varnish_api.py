"""The read API through Varnish with the repository's VCL: its query strings are kept (less
tracking parameters, in any order), its answers are hits for every site that asks, and a
write purges its lists."""

import datetime
import json

import pytest

from tests.factories import EventFactory

pytestmark = pytest.mark.varnish

FEB_8 = datetime.date(2012, 2, 8)
EVENTS = "/api/v1/events"


@pytest.fixture
def two_days(varnish):
    return (
        EventFactory(date=FEB_8, headline="Wang Lijun visits the consulate."),
        EventFactory(date=datetime.date(2012, 3, 1), headline="Bo Xilai is removed."),
    )


def ids(answer) -> list[int]:
    return [event["id"] for event in json.loads(answer.body)["results"]]


def test_the_api_keeps_its_query_string(varnish, two_days):
    first, second = two_days
    assert ids(varnish.get(EVENTS + "?date=2012-02-08")) == [first.pk]
    assert ids(varnish.get(EVENTS + "?date=2012-03-01")) == [second.pk]
    again = varnish.get(EVENTS + "?date=2012-03-01")
    assert (again.cache, ids(again)) == ("HIT", [second.pk])
    # The query reaches Django as sent: a parameter the API does not take is its 400.
    misspelt = varnish.get(EVENTS + "?dates=2012-03-01")
    assert misspelt.status == 400
    assert "dates" in misspelt.text


def test_one_copy_for_every_site_that_asks(varnish, two_days):
    varnish.get(EVENTS, {"Origin": "https://one.example"})
    answer = varnish.get(EVENTS, {"Origin": "https://two.example"})
    assert answer.cache == "HIT"
    assert answer["Access-Control-Allow-Origin"] == "*"


def test_publishing_an_event_purges_the_api_lists(varnish, two_days):
    varnish.cached(EVENTS + "?date_from=2012-02-01")
    EventFactory(date=datetime.date(2012, 2, 20), headline="A new day in between.")
    answer = varnish.get(EVENTS + "?date_from=2012-02-01")
    assert answer.cache == "MISS"
    assert len(ids(answer)) == 3
