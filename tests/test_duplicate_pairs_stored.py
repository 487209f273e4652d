"""Possible duplicate pairs are stored and kept current by every write (events.changes settles
them, events.duplicate_pairs finds them): after single saves, raw updates stated on a change,
moves to other days, deletes, imports and merges, the stored rows equal the pairs found from
scratch over the whole archive, and the report and the desk read those rows in a fixed number
of statements."""

import datetime
import random

import pytest
from django.urls import reverse

from events.archive.importer import import_archive
from events.changes import writing
from events.duplicate_pairs import pairs_among
from events.editorial import duplicates, merges
from events.models import DuplicatePair, Event
from tests.archive_files import event_text, write_archive
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)
WORDS = ["killed", "Homs", "shelling", "people", "Syria", "flood", "Lyon", "bridge", "opens"]
REPORT = reverse("admin:events_event_duplicates")


def stored() -> set[tuple]:
    return set(DuplicatePair.objects.values_list("first_id", "second_id", "day", "score"))


def from_scratch() -> set[tuple]:
    found = set(pairs_among(Event.objects.values_list("pk", "date", "headline")))
    # The same pairs and scores as the report found them when it compared every headline.
    compared = duplicates.pairs_in(list(Event.objects.order_by("date", "pk")))
    assert found == {(*duplicates.pair_key(p), p.first.date, p.score) for p in compared}
    return found


def headline(rng) -> str:
    return f"At least {rng.randint(1, 9)} " + " ".join(rng.sample(WORDS, 4)) + "."


def test_the_stored_pairs_follow_random_edits_through_every_write_path():
    rng = random.Random(29)
    for _ in range(12):
        EventFactory(date=DAY + datetime.timedelta(days=rng.randint(0, 8)), headline=headline(rng))
    assert stored() == from_scratch() != set()
    for step in range(40):
        events = list(Event.objects.order_by("pk"))
        event = rng.choice(events)
        kind = step % 5
        if kind == 0:  # a single save: a new headline
            event.headline = headline(rng)
            event.save()
        elif kind == 1:  # moved to another day, by a raw update stated on a change
            with writing() as change:
                change.events([event.pk])
                new_day = DAY + datetime.timedelta(days=rng.randint(0, 8))
                Event.objects.filter(pk=event.pk).update(date=new_day, slug=f"moved-{step}")
        elif kind == 2:  # a new event
            EventFactory(date=event.date, headline=headline(rng))
        elif kind == 3 and len(events) > 6:
            event.delete()
        else:  # a save that changes neither date nor headline keeps the pairs
            event.summary = f"Step {step}."
            event.save()
        assert stored() == from_scratch(), f"after step {step} (kind {kind})"


def test_an_import_and_a_reimport_with_changed_headlines_keep_them_current(tmp_path):
    files = {
        f"news/2026/03/{day}/toll-{n}.md": event_text(
            date=f"2026-03-{day:02d}",
            folder=f"/news/2026/03/{day}",
            headline=f"At least {n}1 people are killed in the shelling of Homs.",
        )
        for n, day in enumerate([2, 2, 3, 5, 9])
    }
    EventFactory(date=datetime.date(2026, 3, 4), headline="At least 7 people killed in Homs.")
    import_archive(write_archive(tmp_path, files))
    assert stored() == from_scratch()
    assert len(stored()) >= 5
    files["news/2026/03/3/toll-2.md"] = event_text(
        date="2026-03-03", folder="/news/2026/03/3", headline="A new bridge opens in Lyon."
    )
    import_archive(write_archive(tmp_path, files))
    assert stored() == from_scratch()


def test_a_merge_leaves_the_pairs_of_the_kept_event_only():
    first, second, third = (
        EventFactory(date=DAY + datetime.timedelta(days=n), headline=f"At least {n}1 die in Homs.")
        for n in range(3)
    )
    seen = {event.pk: merges.seen_token(event) for event in (first, second)}
    merges.merge_pair(first.pk, second.pk, seen, user=None)
    assert stored() == from_scratch()
    assert [pair[:3] for pair in stored()] == [(first.pk, third.pk, DAY)]


def test_the_report_and_the_desk_read_stored_rows_in_a_fixed_number_of_statements(
    admin_client, django_assert_max_num_queries
):
    made = []

    def statements(count: int) -> tuple[int, int]:
        for _ in range(count):
            made.append(len(made))
            EventFactory(
                date=DAY, headline=f"At least {len(made)} are killed by shelling in Homs today."
            )
        counted = []
        for address in (REPORT, "/admin/"):
            admin_client.get(address)  # caches filled (content types)
            with django_assert_max_num_queries(100) as captured:
                assert admin_client.get(address).status_code == 200
            counted.append(len(captured))
        return tuple(counted)

    few = statements(3)
    many = statements(12)  # 3 pairs, then 105
    assert DuplicatePair.objects.count() == 15 * 14 // 2
    assert many == few
    report = admin_client.get(REPORT)
    assert report.context["total"] == 105
    assert report.context["open_count"] == 105
    assert len(duplicates.recent_pairs()) == 105
