"""Search: the query syntax on both engines (SQLite FTS5, PostgreSQL), ranking, marking,
facets, sorting, filters by date, topic and outlet; any input a search, bad filters a 400."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.models import Event, TaggedEvent
from events.public.search import search_events
from tests.factories import EventFactory, RelatedFactory, SourceFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("events:search")
ON_POSTGRESQL = connection.vendor == "postgresql"


def headlines(client, status=200, **params):
    response = client.get(SEARCH, params)
    assert response.status_code == status, response.content.decode()[:2000]
    return [event.headline for event in response.context["events"]]


@pytest.fixture
def archive():
    wang = EventFactory(
        date=datetime.date(2012, 2, 8),
        headline="Wang Lijun goes to the Chongqing U.S. Consulate.",
        summary="A top Chinese policeman goes on leave.",
        topics=["Chongqing", "Wang Lijun"],
    )
    SourceFactory(event=wang, name="BBC")
    charged = EventFactory(
        date=datetime.date(2012, 9, 5),
        headline="Wang Lijun faces charges of abuse of power.",
        topics=["Wang Lijun"],
    )
    SourceFactory(event=charged, name="AP via Winnipeg Free Press")
    tuna = EventFactory(
        date=datetime.date(2026, 1, 5),
        headline="A bluefin tuna is sold for a record price in Tokyo.",
        summary="The fish market's first auction of the year.",
        topics=["Japan"],
    )
    SourceFactory(event=tuna, name="Reuters")
    return wang, charged, tuna


def test_words_find_events_newest_first_on_equal_terms(client, archive):
    assert headlines(client, q="Wang Lijun") == [
        "Wang Lijun faces charges of abuse of power.",
        "Wang Lijun goes to the Chongqing U.S. Consulate.",
    ]


def test_words_match_the_summary_too(client, archive):
    assert headlines(client, q="auction") == ["A bluefin tuna is sold for a record price in Tokyo."]


def test_every_word_must_match(client, archive):
    assert headlines(client, q="Wang Chongqing") == [
        "Wang Lijun goes to the Chongqing U.S. Consulate."
    ]
    # No event has both: those with either are offered, said as such (test_search_forgiving).
    response = client.get(SEARCH, {"q": "Wang tuna"})
    assert response.context["filter"].relaxed.needed == 1
    assert "No event has all of “Wang tuna”" in response.content.decode()


def test_the_query_is_echoed_escaped_and_the_empty_state_helps(client, archive):
    response = client.get(SEARCH, {"q": "<b>nothing</b> here"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "No events for “&lt;b&gt;nothing&lt;/b&gt; here”" in body
    assert "<b>nothing</b>" not in body
    assert "Try fewer or more general words" in body


def test_an_empty_form_lists_nothing_and_explains(client, archive):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert list(response.context["events"]) == []
    assert "narrow the archive down by date, topic or outlet" in response.content.decode()


def test_date_filters(client, archive):
    assert headlines(client, date_from="2012-03-01") == [
        "A bluefin tuna is sold for a record price in Tokyo.",
        "Wang Lijun faces charges of abuse of power.",
    ]
    assert headlines(client, date_to="2012-02-08") == [
        "Wang Lijun goes to the Chongqing U.S. Consulate."
    ]
    assert headlines(client, date="2012-09-05") == ["Wang Lijun faces charges of abuse of power."]
    assert headlines(client, q="Wang", date_from="2012-01-01", date_to="2012-12-31") == [
        "Wang Lijun faces charges of abuse of power.",
        "Wang Lijun goes to the Chongqing U.S. Consulate.",
    ]


def test_topic_filter_by_name_or_slug(client, archive):
    expected = ["Wang Lijun goes to the Chongqing U.S. Consulate."]
    assert headlines(client, topic="Chongqing") == expected
    assert headlines(client, topic="chongqing") == expected
    assert headlines(client, topic="wang-lijun", q="consulate") == expected


def test_outlet_filter_lists_each_event_once(client, archive):
    wang = archive[0]
    SourceFactory(event=wang, name="BBC World")
    assert headlines(client, outlet="bbc") == ["Wang Lijun goes to the Chongqing U.S. Consulate."]
    assert headlines(client, outlet="Winnipeg") == ["Wang Lijun faces charges of abuse of power."]


def test_results_are_paginated_keeping_the_query(client):
    for day in range(1, 26):
        EventFactory(date=datetime.date(2012, 3, day), headline=f"Flood number {day}.")
    first = client.get(SEARCH, {"q": "flood"})
    assert first.context["paginator"].count == 25
    assert 'href="?q=flood&amp;page=2"' in first.content.decode()
    assert len(headlines(client, q="flood", page="2")) == 5


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"date": "2012-13-45"},
            "On",
            "Choose a real day with the date picker, such as 8 February 2012 (sent as 2012-02-08).",
        ),
        (
            {"date_from": "2012-13-45"},
            "From",
            "Choose a real day with the date picker, such as 8 February 2012 (sent as 2012-02-08).",
        ),
        (
            {"date_to": "yesterday"},
            "To",
            "Choose a real day with the date picker, such as 8 February 2012 (sent as 2012-02-08).",
        ),
        ({"date_from": "2012-03-01", "date_to": "2012-02-01"}, "To", "must be on or after"),
        ({"topic": "No such topic"}, "Topic", "No topic is called “No such topic”."),
        ({"q": "x" * 201}, "Words", "at most 200 characters"),
    ],
)
def test_bad_filters_are_a_400_naming_the_field(client, archive, params, field, message):
    response = client.get(SEARCH, params)
    assert response.status_code == 400
    body = response.content.decode()
    assert f"{field}: " in body
    assert message in body
    assert list(response.context["events"]) == []


@pytest.mark.parametrize("page", ["abc", "99999", "0"])
def test_bad_page_is_a_400(client, archive, page):
    response = client.get(SEARCH, {"q": "Wang", "page": page})
    assert response.status_code == 400
    assert "page" in response.content.decode()


def test_drafts_are_never_found(client, archive):
    EventFactory(headline="Wang Lijun draft story.", status=Event.Status.DRAFT)
    assert "Wang Lijun draft story." not in headlines(client, q="Wang Lijun draft")


def test_the_backend_follows_the_database(archive):
    sql = str(search_events(Event.objects.published(), "Wang Lijun").query)
    if ON_POSTGRESQL:
        assert "@@ to_tsquery" in sql and "ts_rank" in sql
    else:
        assert "MATCH" in sql and "bm25" in sql
    assert "LIKE" not in sql


def test_full_text_ranks_headline_matches_above_summary_matches(client):
    EventFactory(
        date=datetime.date(2020, 1, 1),
        headline="Parliament meets.",
        summary="Talks about the earthquake continue.",
    )
    EventFactory(date=datetime.date(2010, 1, 1), headline="An earthquake strikes the coast.")
    assert headlines(client, q="earthquake") == [
        "An earthquake strikes the coast.",
        "Parliament meets.",
    ]


def test_full_text_stems_words_and_reads_web_search_syntax(client, archive):
    EventFactory(headline="Police arrest three suspects.")
    assert headlines(client, q="arrested") == ["Police arrest three suspects."]
    assert headlines(client, q="Wang -consulate") == ["Wang Lijun faces charges of abuse of power."]
    assert headlines(client, q='"abuse of power"') == [
        "Wang Lijun faces charges of abuse of power."
    ]


def test_a_prefix_finds_the_start_of_words_ignoring_case(client, archive):
    assert headlines(client, q="CHONGQ*") == ["Wang Lijun goes to the Chongqing U.S. Consulate."]
    assert headlines(client, q="BLUEF*") == ["A bluefin tuna is sold for a record price in Tokyo."]
    assert headlines(client, q="BLUEF") == []


# The query syntax, the same on SQLite (FTS5) and PostgreSQL.


@pytest.fixture
def leaders():
    EventFactory(
        date=datetime.date(2020, 5, 1),
        headline="The Prime Minister of Bhutan resigns.",
        topics=["Bhutan"],
    )
    EventFactory(
        date=datetime.date(2021, 6, 1),
        headline="Minister Wangchuk meets the Prime Minister.",
        summary="Talks in Gwangju.",
    )
    EventFactory(date=datetime.date(2022, 7, 1), headline="A minister and a prime number.")


def test_words_are_whole_words_not_parts_of_others(client, leaders, archive):
    assert headlines(client, q="Wang") == [
        "Wang Lijun faces charges of abuse of power.",
        "Wang Lijun goes to the Chongqing U.S. Consulate.",
    ]
    assert sorted(headlines(client, q="wang*")) == [
        "Minister Wangchuk meets the Prime Minister.",
        "Wang Lijun faces charges of abuse of power.",
        "Wang Lijun goes to the Chongqing U.S. Consulate.",
    ]


def test_a_quoted_phrase_needs_its_words_together(client, leaders):
    assert sorted(headlines(client, q='"Prime Minister"')) == [
        "Minister Wangchuk meets the Prime Minister.",
        "The Prime Minister of Bhutan resigns.",
    ]


def test_or_and_exclusion(client, leaders, archive):
    assert sorted(headlines(client, q="bhutan or tuna")) == [
        "A bluefin tuna is sold for a record price in Tokyo.",
        "The Prime Minister of Bhutan resigns.",
    ]
    assert headlines(client, q='minister -"prime minister"') == ["A minister and a prime number."]
    assert headlines(client, q="-minister") == []  # only excluded words: nothing
    assert "Add a word to look for" in client.get(SEARCH, {"q": "-minister"}).content.decode()
    assert "Type at least one word" in client.get(SEARCH, {"q": "- *"}).content.decode()


@pytest.mark.parametrize(
    "text", ["U.S.", "-", '"unbalanced', "*", "AND", "NEAR(", "col:", "a OR", '"', "^x", "(x"]
)
def test_text_other_engines_choke_on_is_a_search(client, archive, text):
    response = client.get(SEARCH, {"q": text})
    assert response.status_code == 200
    if text == "U.S.":
        assert headlines(client, q=text) == ["Wang Lijun goes to the Chongqing U.S. Consulate."]


def test_headline_matches_rank_above_summary_matches_then_newest(client, leaders):
    assert headlines(client, q="minister gwangju or resigns") == [
        "The Prime Minister of Bhutan resigns.",
        "Minister Wangchuk meets the Prime Minister.",
    ]


# Highlighting, sorting, facets.


def test_matches_are_marked_in_headline_and_summary(client, leaders):
    body = client.get(SEARCH, {"q": '"prime minist"* gwang*'}).content.decode()
    assert "Minister Wangchuk meets the <mark>Prime Minister</mark>." in body
    assert "Talks in <mark>Gwangju</mark>." in body


def test_marked_text_stays_escaped(client):
    EventFactory(headline="<script>alert(1)</script> ferry", summary="<img src=x onerror=alert(2)>")
    body = client.get(SEARCH, {"q": "script or onerror or ferry"}).content.decode()
    assert (
        "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; <mark>ferry</mark>" in body
    )
    assert "&lt;img src=x <mark>onerror</mark>=alert(2)&gt;" in body
    assert "<script>alert" not in body and "<img src=x" not in body


def test_sort_by_date_newest_first_and_a_bad_sort_is_a_400(client, leaders):
    assert headlines(client, q="minister", sort="date") == [
        "A minister and a prime number.",
        "Minister Wangchuk meets the Prime Minister.",
        "The Prime Minister of Bhutan resigns.",
    ]
    response = client.get(SEARCH, {"q": "minister", "sort": "popularity"})
    assert response.status_code == 400
    assert "Sort by: Select a valid choice." in response.content.decode()


def facet_labels(response, name):
    return [(value.label, value.count) for value in getattr(response.context["facets"], name)]


def test_facets_count_every_match_and_narrow_with_one_click(client, archive):
    for day in range(1, 26):
        event = EventFactory(
            date=datetime.date(2013, 3, day), headline=f"Wang story {day}.", topics=["Wang Lijun"]
        )
        SourceFactory(event=event, url=f"https://www.reuters.com/{day}")
    response = client.get(SEARCH, {"q": "wang"})
    assert len(response.context["events"]) == 20  # a page, but the facets count all 27
    assert response.context["paginator"].count == 27
    assert facet_labels(response, "years") == [("2013", 25), ("2012", 2)]
    assert facet_labels(response, "topics") == [("Wang Lijun", 27), ("Chongqing", 1)]
    assert ("reuters.com", 25) in facet_labels(response, "outlets")
    body = response.content.decode()
    assert 'href="?q=wang&amp;date_from=2012-01-01&amp;date_to=2012-12-31"' in body
    assert 'href="?q=wang&amp;topic=chongqing"' in body
    narrowed = client.get(SEARCH, {"q": "wang", "topic": "chongqing"})
    assert [e.headline for e in narrowed.context["events"]] == [archive[0].headline]
    assert 'href="?q=wang">remove' in narrowed.content.decode()


def test_facets_leave_out_topics_only_a_draft_gives(client):
    draft = EventFactory(headline="A draft.", status=Event.Status.DRAFT)
    RelatedFactory(event=draft, target_path="/news/2012/09/5/later.md", context="Secret topic")
    EventFactory(date=datetime.date(2012, 9, 5), slug="later", headline="Wang arrives.")
    assert TaggedEvent.objects.filter(tag__name="Secret topic").exists()
    response = client.get(SEARCH, {"q": "wang"})
    assert facet_labels(response, "topics") == []
    assert facet_labels(response, "years") == [("2012", 1)]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(
        alphabet=st.one_of(
            st.sampled_from(list(" \"-*()^:.+ORNOTNEARor'\\_wang")),
            st.characters(exclude_categories=("Cs",)),
        ),
        max_size=60,
    ),
    sort=st.sampled_from(["", "relevance", "date"]),
)
def test_any_words_are_a_search_never_an_error(archive, text, sort):
    response = Client().get(SEARCH, {"q": text, "sort": sort})
    # A NUL is refused before anything reads it (newsroom.null_characters); anything else
    # is a search.
    assert response.status_code == (400 if "\x00" in text else 200)


def test_each_statement_matches_the_words_once(client, archive):
    operator = "@@ to_tsquery" if ON_POSTGRESQL else "MATCH"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(SEARCH, {"q": "wang"}).status_code == 200
    searching = [query["sql"] for query in queries.captured_queries if operator in query["sql"]]
    # the newest matches (events.public.search.bounds); the page ranked among them by id
    # (asking FTS5 again on SQLite, whose bm25() ranks only there); the facets count them by
    # id, without the words
    assert len(searching) == (1 if ON_POSTGRESQL else 2)
    assert all(sql.count(operator) == 1 for sql in searching)


def test_the_read_api_reads_the_same_syntax_in_its_own_order(client, archive, leaders):
    def api_headlines(q):
        response = client.get(reverse("api:events"), {"q": q})
        assert response.status_code == 200, response.content
        return [event["headline"] for event in response.json()["results"]]

    assert api_headlines('wang* -"abuse of power"') == [
        "Wang Lijun goes to the Chongqing U.S. Consulate.",
        "Minister Wangchuk meets the Prime Minister.",
    ]
    assert api_headlines("-wang") == []
    assert api_headlines("U.S. or bhutan") == [
        "Wang Lijun goes to the Chongqing U.S. Consulate.",
        "The Prime Minister of Bhutan resigns.",
    ]
