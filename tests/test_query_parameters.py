"""The one table of the parameters each public page takes (newsroom.query_parameters): the
VCL is written from it, the pages' forms take exactly what it lists, and Django answers a page
with a parameter it does not take as if the parameter were absent."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve

from events.public.filters import EventFilter
from events.public.mixins import PaginationMixin
from events.public.topic_filters import TopicIndexForm
from newsroom.query_parameters import PAGE, TABLE, parameters_of, vcl_block
from tests.factories import EventFactory, SourceFactory
from tests.varnish import VCL

DAY = datetime.date(2012, 2, 8)
# One address of each listed page, to hold each row's path pattern to Django's routes.
EXAMPLES = {
    "events:month": "/news/2012/02/",
    "events:day": "/news/2012/02/8/",
    "events:on_this_day_today": "/on-this-day/",
    "events:on_this_day": "/on-this-day/02-08/",
    "events:topics": "/topics/",
    "events:topic": "/topics/chongqing/",
    "events:search": "/search/",
    "events:go_to_date": "/date/",
    "sources:outlets": "/outlets/",
    "sources:outlet": "/outlets/bbc.co.uk/",
    "sitemap_section": "/sitemap-events.xml",
}


def test_the_committed_vcl_is_the_one_written_from_the_table():
    call_command("vcl_parameters", "--check")  # CommandError when the VCL is out of date
    assert vcl_block() in VCL.read_text()


def test_each_row_names_a_route_and_its_pattern_matches_that_route_only():
    assert EXAMPLES.keys() == {row.url_name for row in TABLE}
    for row in TABLE:
        address = EXAMPLES[row.url_name]
        assert resolve(address).view_name == row.url_name
        matching = [
            other.url_name
            for other in TABLE
            if re.match(f"^{other.path_pattern}\\?", f"{address}?page=2")
        ]
        assert matching == [row.url_name], address
        assert list(row.parameters) == sorted(row.parameters)


def test_every_paged_list_keeps_its_page_number():
    for pattern in walk(get_resolver().url_patterns):
        view = getattr(pattern.callback, "view_class", None)
        if view and issubclass(view, PaginationMixin) and "admin" not in str(pattern.pattern):
            names = [row.url_name for row in TABLE if row.url_name.endswith(f":{pattern.name}")]
            assert names and PAGE in parameters_of(names[0]), pattern.name


def walk(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns)
        else:
            yield pattern


def test_the_forms_take_exactly_the_parameters_the_table_lists():
    assert set(parameters_of("events:search")) == {*EventFilter.base_filters, PAGE}
    assert set(parameters_of("events:topics")) == {*TopicIndexForm.base_fields, PAGE}
    assert parameters_of("events:year") == ()


@pytest.fixture
def archive(db):
    event = EventFactory(
        date=DAY, headline="Wang Lijun visits the consulate.", topics=["Chongqing"]
    )
    SourceFactory(event=event)
    return event


@pytest.mark.parametrize(
    "address",
    [
        "/",
        "/news/2012/",
        "/news/2012/02/",
        "/news/2012/02/8/",
        "/topics/?q=chong",
        "/search/?q=Wang",
        "/search/",
        "/outlets/",
    ],
)
def test_an_unknown_parameter_is_answered_as_if_absent(archive, address):
    client = Client()
    plain = client.get(address)
    joiner = "&" if "?" in address else "?"
    for extra in ("x=1", "utm_source=news&fbclid=2", "q2=Wang&page2=9"):
        other = client.get(f"{address}{joiner}{extra}")
        assert (other.status_code, other.content) == (plain.status_code, plain.content), extra
        assert other["ETag"] == plain["ETag"]


def test_a_page_still_reads_the_parameters_it_takes(archive):
    client = Client()
    assert client.get("/news/2012/02/8/?page=2&x=1").status_code == 400
    assert "<mark>Wang</mark>" in client.get("/search/?x=1&q=Wang").content.decode()


def test_the_api_still_refuses_an_unknown_parameter(archive):
    response = Client().get("/api/v1/events?x=1")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "x"
