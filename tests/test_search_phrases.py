"""A search with a phrase reads its matches from PostgreSQL's phrase index first when they are
few (events.public.search.index.matching, events.models.search_phrases), with the same answer
as the walk through the dates that finds many, on the search page and in the read API.

On SQLite, FTS5 keeps the words' places itself and nothing changes: the same tests check the
answers there.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.generate_archive import write_archive
from events.archive import importer
from events.archive.importer import import_archive
from events.models import Event
from events.models.search_phrases import INDEX, phrase_index_ready
from events.public.search import index
from events.public.search.index import matching
from events.public.search.syntax import has_phrase, parse
from tests.api import api
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

SEARCH = "/search/"
START = datetime.date(2011, 3, 1)
ON_POSTGRESQL = connection.vendor == "postgresql"
INSTALL = (
    "PostgreSQL's tests expect the phrase index: install the server's RUM extension "
    "(postgresql-<version>-rum; `make test-deps` does it as root), then create the test "
    "database again."
)


def events_saying(*headlines: str) -> list[Event]:
    """Public events with these headlines, one a day from START, the last the newest."""
    now = timezone.now()
    return Event.objects.bulk_create(
        Event(
            date=START + datetime.timedelta(days=k),
            slug=f"event-{k}",
            headline=headline,
            status=Event.Status.PUBLISHED,
            publish_at=now,
            position=0,
        )
        for k, headline in enumerate(headlines)
    )


def found(client, **query) -> list[str]:
    response = client.get(SEARCH, query)
    assert response.status_code == 200
    return [event.headline for event in response.context["events"]]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ('"flood warning"', True),
        ('storm -"flood warning"', False),  # only a phrase to leave out
        ("U.S. talks", True),  # U.S. is the phrase "u s"
        ("flood warning", False),
        ("warn*", False),
    ],
)
def test_a_query_has_a_phrase_when_it_wants_words_side_by_side(text, phrase):
    assert has_phrase(parse(text)) is phrase


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the phrase index is PostgreSQL's")
def test_postgresql_has_the_phrase_index():
    assert phrase_index_ready(), INSTALL


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the phrase index is PostgreSQL's")
def test_the_phrase_lookup_is_one_the_phrase_index_answers():
    """The lookup must be written exactly as the index's expression, or PostgreSQL could
    never use the index (on a table this small it would rather read the table: not allowed
    here, so the plan shows whether the index can answer at all)."""
    events_saying("A flood warning for the coast.", "A warning about the flood.")
    with CaptureQueriesContext(connection) as statements:
        matches = list(matching(Event.objects.all(), parse('"flood warning"')))
    assert [event.headline for event in matches] == ["A flood warning for the coast."]
    lookup = next(q["sql"] for q in statements.captured_queries if "''::tsvector" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {lookup}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert INDEX in plan, plan


def test_a_phrase_lists_its_matches_newest_first_and_not_the_words_apart(client):
    events_saying(
        "A flood warning for the coast.",
        "A warning about the flood.",  # both words, not side by side
        "Flood warning lifted in the north.",
        "The storm passes.",
    )
    assert found(client, q='"flood warning"') == [
        "Flood warning lifted in the north.",
        "A flood warning for the coast.",
    ]
    assert found(client, q='"flood warning"', sort="date") == [
        "Flood warning lifted in the north.",
        "A flood warning for the coast.",
    ]
    assert found(client, q='storm -"flood warning"') == ["The storm passes."]


def test_many_phrase_matches_are_found_by_the_dates_with_the_same_answer(client, monkeypatch):
    headlines = [f"Flood warning number {k}." for k in range(6)] + ["A warning, then a flood."]
    events_saying(*headlines)
    few = found(client, q='"flood warning"', sort="date")
    # More matches than the index is asked for: the walk through the dates answers instead.
    monkeypatch.setattr(index, "FEW_MATCHES", 3)
    many = found(client, q='"flood warning"', sort="date")
    assert few == many == [f"Flood warning number {k}." for k in reversed(range(6))]


def test_phrase_matches_on_one_day_keep_the_days_order(client):
    day = START
    for position, headline in enumerate(["Second: flood warning.", "Third: flood warning."], 1):
        EventFactory(date=day, position=position, headline=headline)
    EventFactory(date=day, position=0, headline="First: flood warning.")
    EventFactory(date=day + datetime.timedelta(days=1), headline="Later: flood warning.")
    assert found(client, q='"flood warning"', sort="date") == [
        "Later: flood warning.",
        "First: flood warning.",
        "Second: flood warning.",
        "Third: flood warning.",
    ]


def test_the_read_api_finds_a_phrase_as_the_search_page_does(client, monkeypatch):
    events = events_saying(
        "A flood warning for the coast.",
        "A warning about the flood.",
        "Flood warning lifted in the north.",
    )
    expected = [events[0].pk, events[2].pk]  # the API's order: by date
    for few in (index.FEW_MATCHES, 1):  # from the phrase index, then along the dates
        monkeypatch.setattr(index, "FEW_MATCHES", few)
        body = client.get(api("events"), {"q": '"flood warning"'}).json()
        assert [event["id"] for event in body["results"]] == expected, few


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the phrase index is PostgreSQL's")
@pytest.mark.django_db(transaction=True)  # as a real import: CONCURRENTLY, outside a transaction
def test_a_large_import_sets_the_phrase_index_aside_and_builds_it_again(
    client, tmp_path, monkeypatch
):
    """An import that doubles the events builds the phrase index once at its end instead of
    entry by entry; a small one keeps it as it is."""
    monkeypatch.setattr(importer, "FLUSH_EVERY", 2)
    monkeypatch.setattr(importer, "STATISTICS_AFTER", 3)

    def index_statements(root) -> list[str]:
        with CaptureQueriesContext(connection) as statements:
            assert not import_archive(root).refused
        return [q["sql"] for q in statements.captured_queries if INDEX in q["sql"]]

    write_archive(tmp_path / "large", 10)
    dropped, built = index_statements(tmp_path / "large")[-2:]
    assert dropped.startswith("DROP INDEX") and built.startswith("CREATE INDEX")
    assert phrase_index_ready(), "the import left the phrase index out"
    events_saying("A flood warning for the coast.")
    assert found(client, q='"flood warning"') == ["A flood warning for the coast."]

    write_archive(tmp_path / "small", 4)  # 4 written of the 11 there: fewer than the table held
    assert not [sql for sql in index_statements(tmp_path / "small") if "INDEX" in sql[:12]]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the phrase index is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_an_import_builds_a_phrase_index_a_stopped_one_left_out(tmp_path):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {INDEX}")  # as an import killed while it was set aside
    write_archive(tmp_path, 4)
    assert not import_archive(tmp_path).refused
    assert phrase_index_ready()


def test_a_phrase_and_a_prefix_beside_it(client):
    """Inside quotes a star is no prefix (the phrase's words are stemmed); a prefix term
    beside a phrase is looked up with it (PostgreSQL: through the phrase index)."""
    events_saying(
        "Flood warnings issued for the coast.",
        "A flood, then the warnings.",  # both, not side by side
        "Flood wardens on alert.",
    )
    assert found(client, q='"flood warn*"') == ["Flood warnings issued for the coast."]
    assert found(client, q='"flood warnings" coast*') == ["Flood warnings issued for the coast."]
