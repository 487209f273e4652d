"""One rule for parameters, where each is read: an id or page number is ASCII digits within
range, a parameter that takes one value given twice is refused (API), a cursor's values are
checked; anything else is a 400 naming the parameter, never a 500 (newsroom.parameters)."""

import base64
import datetime
import json

import pytest
from django.test import Client

from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2012, 2, 8)
# Numbers Python's int() or pydantic would read, or the databases could not hold.
BAD_NUMBERS = [
    "99999999999999999999",
    "9223372036854775808",
    "١",  # ARABIC-INDIC DIGIT ONE
    "１",  # FULLWIDTH DIGIT ONE
    "²",
    "+1",
    " 1",
    "1_0",
    "1.0",
    "2e3",
    "0",
    "-1",
    "0x1",
]
LISTINGS = [
    "/news/2012/02/",
    "/news/2012/02/8/",
    "/on-this-day/02-08/",
    "/topics/",
    "/topics/chongqing/",
    "/search/?q=event",
    "/outlets/",
    "/outlets/bbc.co.uk/",
]


@pytest.fixture
def reader():
    return Client(raise_request_exception=False)


@pytest.fixture
def archive():
    event = EventFactory(date=DAY, topics=["Chongqing"])
    SourceFactory(event=event)
    return event


@pytest.mark.parametrize("url", LISTINGS)
@pytest.mark.parametrize("number", BAD_NUMBERS)
def test_a_bad_page_number_is_a_400_naming_the_page(reader, archive, url, number):
    response = reader.get(url, {"page": number} if "?" not in url else None)
    if "?" in url:
        response = reader.get(f"{url}&page={number}")
    assert response.status_code == 400, (url, number)
    assert "The page number (`page`) must be a whole number from 1" in response.content.decode()


@pytest.mark.parametrize("url", LISTINGS)
def test_a_page_past_the_end_keeps_its_answer(reader, archive, url):
    joiner = "&" if "?" in url else "?"
    response = reader.get(f"{url}{joiner}page=999")
    assert response.status_code == 400
    assert "There is no page 999 here" in response.content.decode()


def api_error(response) -> tuple[int, list[str]]:
    return response.status_code, [error["field"] for error in response.json()["errors"]]


@pytest.mark.parametrize("number", BAD_NUMBERS)
@pytest.mark.parametrize("address", ["/api/v1/events/{}", "/api/v1/sources/{}/snapshot"])
def test_an_api_id_is_ascii_digits_within_range(reader, archive, address, number):
    assert api_error(reader.get(address.format(number))) == (400, ["id"])


@pytest.mark.parametrize("number", [*BAD_NUMBERS, "201"])
def test_an_api_limit_is_ascii_digits_within_range(reader, archive, number):
    assert api_error(reader.get("/api/v1/events", {"limit": number})) == (400, ["limit"])


@pytest.mark.parametrize(
    ("address", "name", "values"),
    [
        ("/api/v1/events", "limit", ["2", "3"]),
        ("/api/v1/events", "limit", ["2", "2"]),
        ("/api/v1/events", "q", ["tuna", "salmon"]),
        ("/api/v1/events", "date", ["2012-02-08", "2012-02-09"]),
        ("/api/v1/events", "ordering", ["date", "-date"]),
        ("/api/v1/events", "cursor", ["a", "b"]),
        ("/api/v1/days", "date_from", ["2012-02-08", "2012-02-08"]),
        ("/api/v1/topics", "prefix", ["a", "b"]),
        ("/api/v1/outlets", "domain", ["bbc.co.uk", "bbc.co.uk"]),
    ],
)
def test_a_parameter_that_takes_one_value_given_twice_is_refused(reader, address, name, values):
    assert api_error(reader.get(address, {name: values})) == (400, [name])


def test_parameters_that_take_several_values_still_do(reader, archive):
    response = reader.get("/api/v1/events", {"topic": ["chongqing", "chongqing"]})
    assert response.status_code == 200 and len(response.json()["results"]) == 1


def cursor(*values) -> str:
    text = json.dumps(values, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("address", "ordering", "given"),
    [
        ("/api/v1/events", "updated", cursor("updated", "0001-01-01T00:00:00+14:00", 1)),
        ("/api/v1/events", "-updated", cursor("-updated", "9999-12-31T23:59:59-14:00", 1)),
        ("/api/v1/events", "date", cursor("date", "2012-02-08", 0, 2**63)),
        ("/api/v1/events", "date", cursor("date", "0000-01-01", 0, 1)),
        ("/api/v1/events/withdrawn", None, cursor("withdrawn", "0001-01-01T00:00:00+14:00", 1)),
        ("/api/v1/topics", None, cursor("name", "\ud800")),
        ("/api/v1/outlets", None, cursor("domain", "\udfff.example")),
        ("/api/v1/topics", None, cursor("name", "bell\x07")),
    ],
)
def test_a_cursor_holding_what_the_databases_cannot_take_is_a_400(
    reader, archive, address, ordering, given
):
    query = {"cursor": given, **({"ordering": ordering} if ordering else {})}
    if address.endswith("withdrawn"):
        query["since"] = "2012-02-08T00:00:00Z"
    assert api_error(reader.get(address, query)) == (400, ["cursor"])


@pytest.mark.parametrize("number", ["99999999999999999999", "١", "0"])
def test_the_topic_autocomplete_refuses_a_bad_page(admin_client, archive, number):
    response = admin_client.get("/admin/events/topic/autocomplete/", {"page": number})
    assert response.status_code == 400
    assert response.json()["field"] == "page"


def test_admin_lookups_by_a_bad_id_find_nothing_rather_than_fail(admin_client, archive):
    huge = "99999999999999999999"
    event_admin = f"/admin/events/event/{archive.pk}"
    assert admin_client.get(f"{event_admin}/history/compare/?old={huge}").status_code == 404
    assert admin_client.get(f"{event_admin}/history/{huge}/restore/").status_code == 404
    assert admin_client.get("/admin/events/event/", {"edited_by": huge}).status_code == 200
