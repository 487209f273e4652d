"""A search that forgives: when no event has every word, the events with most of them, said as
such; on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.urls import reverse

from events.models import Event
from events.public.search import MostOf, parse, relaxations
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("events:search")


@pytest.fixture
def archive():
    custard = EventFactory(
        date=datetime.date(2012, 2, 8),
        headline="A protester throws custard at the Crown Jewels' display case.",
        summary="The Tower of London closes for an afternoon.",
    )
    EventFactory(
        date=datetime.date(2012, 3, 1),
        headline="The Crown Jewels go on show in a new hall.",
    )
    EventFactory(
        date=datetime.date(2012, 3, 2),
        headline="A secret custard recipe about crown jewels.",
        status=Event.Status.DRAFT,
    )
    return custard


def search(client, q):
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 200
    return response, [event.headline for event in response.context["events"]]


def test_the_events_with_most_of_the_words_said_as_such(client, archive):
    response, found = search(client, "custard thrown at crown jewels tomatoes")
    assert found[0] == archive.headline
    assert all("secret" not in headline for headline in found)  # drafts stay out
    page = response.content.decode()
    relaxed = response.context["filter"].relaxed
    assert "No event has all of “custard thrown at crown jewels tomatoes”; these have" in page
    assert f"these have {relaxed.needed} of its 6 words." in page
    assert relaxed.needed == 4  # custard, at, crown, jewels (thrown is not throws' stem)


def test_every_word_matching_needs_no_relaxing(client, archive):
    response, found = search(client, "custard crown jewels")
    assert found == [archive.headline]
    assert response.context["filter"].relaxed is None
    assert "No event has all of" not in response.content.decode()


def test_a_single_word_or_nothing_close_is_not_relaxed(client, archive):
    response, found = search(client, "earthquake")
    assert (found, response.context["filter"].relaxed) == ([], None)
    response, found = search(client, "earthquake tsunami flood")
    assert (found, response.context["filter"].relaxed) == ([], None)


def test_two_words_relax_to_either_and_marks_what_matched(client, archive):
    response, found = search(client, "custard tsunami")
    assert found == [archive.headline]
    assert "<mark>custard</mark>" in response.content.decode()


def test_relaxations_go_down_to_half_the_words_and_stay_bounded():
    query = parse("a b c d e")
    assert [relaxed.needed for relaxed in relaxations(query)] == [4, 3]
    assert len(MostOf(query, 3).alternatives) == 10
    assert list(relaxations(parse("one"))) == []
    long = parse(" ".join(f"w{n}" for n in range(12)))
    assert [relaxed.needed for relaxed in relaxations(long)] == [11]  # C(12, 10) = 66: too many
