"""Possible duplicate pairs, stored (`DuplicatePair`) and kept current as events change.

Two events are a pair when they are at most `WINDOW_DAYS` apart and their headlines score at
least `SIMILAR_SCORE` (rapidfuzz's `token_sort_ratio` of the normalised headlines: lower case,
punctuation gone, words sorted; the same on SQLite and PostgreSQL). Only an event's date and
headline decide its pairs, so settling a write (events.changes.settle) calls `refresh` with the
events created or whose date or headline changed: their pairs are dropped and found again among
the events of their window of days. A deleted event's pairs go with it (the rows' foreign
keys). The stored rows then equal a computation over the whole archive from scratch
(`pairs_among`), which the report and the desk no longer need to run (16 s at 100,000 events).

The score is symmetric, and each headline is normalised and its words sorted once, not once
per comparison (`sorted_words`): tests/test_duplicate_pairs_stored.py holds the stored rows to
the report's own computation from scratch (events.editorial.duplicates.pairs_in).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from rapidfuzz import fuzz, process, utils

from .bulk import chunked
from .models import DuplicatePair, Event

WINDOW_DAYS = 3
SIMILAR_SCORE = 65
BATCH = 2000
DAYS_PER_QUERY = 500

# (id, date, headline): what decides an event's pairs.
Row = tuple[int, datetime.date, str]


def score(first: str, second: str) -> float:
    return fuzz.token_sort_ratio(first, second, processor=utils.default_process)


def sorted_words(headline: str) -> str:
    """The headline as `token_sort_ratio` compares it: normalised, its words sorted. Done once
    per headline, `fuzz.ratio` of two of these is their `score`, seven times faster than
    sorting both again for every comparison."""
    return " ".join(sorted(utils.default_process(headline).split()))


def pairs_among(rows: Iterable[Row], threshold: float = SIMILAR_SCORE) -> list[tuple]:
    """Every pair of `rows` at most `WINDOW_DAYS` apart scoring at least `threshold`, as
    (lower id, higher id, earlier date, score): the whole archive's, from scratch."""
    rows = list(rows)
    return _pairs(rows, rows, threshold)


def refresh(event_ids: Iterable[int], known: dict[int, Row] | None = None) -> None:
    """Find again the pairs of these events (created, or their date or headline changed), the
    rows of those already stored dropped first. `known`: rows already read (a change's states),
    spared a query."""
    ids = set(event_ids)
    if not ids:
        return
    for chunk in chunked(sorted(ids), BATCH):
        DuplicatePair.objects.filter(
            Q(first_id__in_ids=chunk) | Q(second_id__in_ids=chunk)
        ).delete()
    changed = _rows(ids, known or {})
    found = _pairs(list(changed.values()), _neighbours(changed.values()), SIMILAR_SCORE)
    DuplicatePair.objects.bulk_create(
        (
            DuplicatePair(first_id=low, second_id=high, day=day, score=found_score)
            for low, high, day, found_score in found
        ),
        batch_size=BATCH,
    )


def _rows(ids: set[int], known: dict[int, Row]) -> dict[int, Row]:
    rows = {pk: known[pk] for pk in ids if pk in known}
    for chunk in chunked(sorted(ids - rows.keys()), BATCH):
        found = Event.objects.filter(pk__in_ids=chunk).values_list("pk", "date", "headline")
        rows.update((row[0], row) for row in found)
    return rows


def _neighbours(changed: Iterable[Row]) -> list[Row]:
    """Every event on a day within `WINDOW_DAYS` of a changed event's (the changed included):
    the days listed, so the date index answers, a few hundred days a statement."""
    days = sorted(
        {
            date + datetime.timedelta(days=offset)
            for _pk, date, _headline in changed
            for offset in range(-WINDOW_DAYS, WINDOW_DAYS + 1)
        }
    )
    rows = []
    for chunk in chunked(days, DAYS_PER_QUERY):
        found = Event.objects.filter(date__in=chunk).order_by()
        rows.extend(found.values_list("pk", "date", "headline"))
    return rows


def _pairs(changed: list[Row], candidates: list[Row], threshold: float) -> list[tuple]:
    """Pairs of a changed row with a candidate row (both may be changed: each pair once)."""
    changed_ids = {pk for pk, _date, _headline in changed}
    by_day, date_of = defaultdict(dict), {}
    for pk, date, headline in candidates:
        by_day[date][pk] = sorted_words(headline)
        date_of[pk] = date
    found = []
    for pk, date, headline in changed:
        choices = {
            other: text
            for offset in range(-WINDOW_DAYS, WINDOW_DAYS + 1)
            for other, text in by_day.get(date + datetime.timedelta(days=offset), {}).items()
            if other != pk and (other not in changed_ids or other > pk)
        }
        if not choices:
            continue
        matches = process.extract(
            by_day[date].get(pk) or sorted_words(headline),
            choices,
            scorer=fuzz.ratio,
            score_cutoff=threshold,
            limit=None,
        )
        for _text, found_score, other in matches:
            day = min(date, date_of[other])
            found.append((min(pk, other), max(pk, other), day, found_score))
    return found
