""" "Did you mean": a close, common word of the index for a rare or absent one, from the
index's words kept as data (fts5vocab on SQLite, a word table on PostgreSQL), offered as a
link only when it finds public events."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from events.models import Event
from events.public.search import parse
from events.public.search.suggestions import suggest
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("events:search")


@pytest.fixture
def archive():
    for day in range(1, 7):
        EventFactory(
            date=datetime.date(2012, 2, day),
            headline=f"An earthquake of magnitude {day} strikes Chile.",
            summary="Buildings shake in Santiago.",
        )
    EventFactory(date=datetime.date(2012, 3, 1), headline="A volcano erupts in Iceland.")
    for day in range(1, 7):
        EventFactory(
            date=datetime.date(2012, 4, day),
            headline=f"Secret merger number {day} of two ministries.",
            status=Event.Status.DRAFT,
        )
    call_command("refresh_search_words")  # PostgreSQL's word table; SQLite's is in step


def search(client, q):
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 200
    return response, response.content.decode()


def test_a_misspelt_word_suggests_the_common_one(client, archive):
    response, page = search(client, "earthqauke")
    assert response.context["suggestion"].text == "earthquake"
    assert 'Did you mean <a href="?q=earthquake">earthquake</a>?' in page


def test_the_rest_of_the_search_is_kept(client, archive):
    found = suggest("Chile earthqauke", parse("Chile earthqauke"))
    assert found.text == "Chile earthquake"
    response, _ = search(client, "Santiago earthqauke")
    assert response.context["suggestion"].text == "Santiago earthquake"
    # Corrected rather than dropped: no "most of the words" reading beside the suggestion.
    assert response.context["filter"].relaxed is None


def test_a_word_the_index_holds_often_is_left_alone(client, archive):
    response, _ = search(client, "earthquake")
    assert response.context["suggestion"] is None
    assert suggest("earthquakes", parse("earthquakes")) is None  # the same stem


def test_nothing_close_suggests_nothing(client, archive):
    response, page = search(client, "tsunami")
    assert response.context["suggestion"] is None
    assert "Did you mean" not in page


def test_a_word_only_drafts_hold_is_never_suggested(client, archive):
    assert suggest("mergr", parse("mergr")) is not None  # the index has it: drafts' words
    response, page = search(client, "mergr")
    assert response.context["suggestion"] is None
    assert "merger" not in page
