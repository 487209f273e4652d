"""The API's errors (JSON naming the parameter; unknown ones refused) and how shared caches
and other sites may use its answers: ETags and 304s, surrogate keys purged by the same writes
as the pages, CORS open for reads with one cached copy for every site."""

import datetime

import pytest

from tests.api import api
from tests.factories import EventFactory, SourceFactory

FEB_8 = datetime.date(2012, 2, 8)


def errors_of(response) -> dict[str, str]:
    assert response["Content-Type"].startswith("application/json")
    return {error["field"]: error["message"] for error in response.json()["errors"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("events", {"date_form": "2012-02-08"}, "date_form"),
        ("events", {"date": "8 February"}, "date"),
        ("events", {"date_from": "2012-02-09", "date_to": "2012-02-08"}, "date_to"),
        ("events", {"limit": "1000"}, "limit"),
        ("events", {"ordering": "headline"}, "ordering"),
        ("events", {"cursor": "not-a-cursor"}, "cursor"),
        ("events", {"updated_since": "yesterday"}, "updated_since"),
        ("events", {"q": "nul\x00byte"}, "q"),
        ("days", {"page": "2"}, "page"),
        ("topics", {"name": "x"}, "name"),
        ("dumps", {"format": "csv"}, "format"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, url, params, field):
    response = client.get(api(url), params)
    assert response.status_code == 400
    assert field in errors_of(response)


@pytest.mark.django_db
def test_a_cursor_belongs_to_its_ordering(client):
    for position in range(3):
        EventFactory(date=FEB_8, position=position)
    cursor = client.get(api("events"), {"limit": 1}).json()["next_cursor"]
    response = client.get(api("events"), {"cursor": cursor, "ordering": "updated"})
    assert response.status_code == 400 and "cursor" in errors_of(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/v1/events/12345", "/api/v1/no-such-list", "/api/v1/events/2012-02-08/nothing"]
)
def test_what_is_not_there_is_a_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["detail"] == "Not found"


@pytest.mark.django_db
def test_answers_carry_an_etag_and_304_when_unchanged_open_to_every_site(client):
    event = EventFactory(date=FEB_8)
    url = api("events")
    first = client.get(url, HTTP_ORIGIN="https://one.example")
    assert first["Access-Control-Allow-Origin"] == "*"
    assert "Origin" not in first.get("Vary", "")
    assert "public" in first["Cache-Control"] and "s-maxage" in first["Cache-Control"]
    assert set(first["xkey"].split()) >= {"site", "api", f"e{event.pk}"}
    again = client.get(url, HTTP_ORIGIN="https://two.example", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"
    error = client.get(url, {"nope": "1"})
    assert error["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db(transaction=True)
def test_an_event_names_what_it_shows(client, front):
    """Its topics show by name: not by their keys, which every event joining them purges; a
    rename purges the event's own key."""
    event = EventFactory(date=FEB_8, topics=["Chongqing"])
    response = client.get(api("event", id=event.pk))
    topic = event.topics.get()
    shown = set(response["xkey"].split())
    assert {f"e{event.pk}", "n2012-02-08"} <= shown
    assert f"t{topic.pk}" not in shown
    front.forget()
    EventFactory(date=FEB_8, topics=["Chongqing"])
    assert not shown & front.keys - {"site"}
    front.forget()
    topic.name = "Chongqing Municipality"
    topic.save()
    assert f"e{event.pk}" in front.keys
    assert "Chongqing Municipality" in client.get(api("event", id=event.pk)).content.decode()


@pytest.mark.django_db(transaction=True)
def test_writes_the_public_sees_purge_the_api_lists(front):
    """The lists without `q` carry `lists`; those with it, their words' keys
    (tests/test_http_cache_purges.py)."""
    event = EventFactory(date=FEB_8)
    assert {"lists", f"e{event.pk}"} <= front.keys
    front.forget()
    SourceFactory(event=event)
    assert "lists" in front.keys
    front.forget()
    event.topics.add("Beijing")
    assert "lists" in front.keys
    front.forget()
    EventFactory(date=FEB_8, status="draft")
    assert "lists" not in front.keys
