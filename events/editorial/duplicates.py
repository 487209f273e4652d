"""Possible duplicates: events within a few days of each other whose headlines read alike.

Headlines are compared in Python with rapidfuzz, so SQLite and PostgreSQL find the same
pairs. The score is rapidfuzz's `token_sort_ratio` of the normalised headlines (lower case,
punctuation gone, words sorted): 0-100. It only ever warns: the editor decides. The pairs are
stored and kept current by every write (events.duplicate_pairs), so the report and the desk
read rows; `pairs_in` compares a list of events from scratch (the save warning's neighbours,
the `find_duplicates` command, tests).

`SIMILAR_SCORE` is measured on 337 hand-labelled pairs of the sample archive
(tests/data/duplicate_pairs.csv, rule in duplicate_pairs.md, tests/test_duplicate_quality.py):
at 65 it finds all 9 duplicates among 163 warnings (precision 0.055, recall 1.0); at 70, the
first choice, it missed 3 of the 9 for no better precision (0.044). Precision is low at every
threshold: the archive is full of formulaic headlines ("At least 41 Palestinians are killed in
Israeli attacks across the Gaza Strip.") that differ only in a number and a day.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from rapidfuzz import fuzz, process, utils

from ..duplicate_pairs import SIMILAR_SCORE, WINDOW_DAYS, score
from ..models import DuplicatePair, Event, PairDecision

__all__ = ["SIMILAR_SCORE", "WINDOW_DAYS", "score"]
RECENT_DAYS = 30
EVENT_FIELDS = ("date", "headline", "slug", "status", "lock_version", "updated_at")


@dataclass(frozen=True)
class Pair:
    first: Event
    second: Event
    score: float


def similar_to(event: Event, *, headline: str | None = None, day=None) -> list[tuple[Event, float]]:
    """Other events within `WINDOW_DAYS` of `day` whose headline reads like `headline`, most
    alike first (defaults: the event's own)."""
    headline = event.headline if headline is None else headline
    day = event.date if day is None else day
    if not headline or day is None:
        return []
    window = datetime.timedelta(days=WINDOW_DAYS)
    nearby = Event.objects.filter(date__range=(day - window, day + window))
    if event.pk:
        nearby = nearby.exclude(pk=event.pk)
    candidates = {e.pk: e for e in nearby.only("pk", "date", "headline", "slug", "status")}
    matches = process.extract(
        headline,
        {pk: e.headline for pk, e in candidates.items()},
        scorer=fuzz.token_sort_ratio,
        processor=utils.default_process,
        score_cutoff=SIMILAR_SCORE,
        limit=None,
    )
    return [(candidates[pk], found_score) for _text, found_score, pk in matches]


def pairs_in(events, threshold: float = SIMILAR_SCORE) -> list[Pair]:
    """Every pair of `events` within `WINDOW_DAYS` of each other scoring at least `threshold`,
    most alike first."""
    by_day = defaultdict(list)
    for event in events:
        by_day[event.date].append(event)
    found = []
    for day in sorted(by_day):
        later = [
            other
            for offset in range(WINDOW_DAYS + 1)
            for other in by_day.get(day + datetime.timedelta(days=offset), [])
        ]
        later_by_pk = {other.pk: other for other in later}
        for event in by_day[day]:
            choices = {o.pk: o.headline for o in later if o.pk > event.pk or o.date > day}
            choices.pop(event.pk, None)
            if not choices:
                continue
            for _text, found_score, pk in process.extract(
                event.headline,
                choices,
                scorer=fuzz.token_sort_ratio,
                processor=utils.default_process,
                score_cutoff=threshold,
                limit=None,
            ):
                found.append(Pair(event, later_by_pk[pk], found_score))
    return sorted(found, key=lambda pair: (-pair.score, pair.first.date, pair.first.pk))


def archive_pairs(threshold: float = SIMILAR_SCORE) -> list[Pair]:
    """Possible duplicates over the whole archive: one query, then comparisons in memory."""
    return pairs_in(_events(Event.objects.all()), threshold)


def stored_pairs(*, decided: bool | None = None):
    """The stored pairs with their two events, in the report's order (most alike first);
    `decided`: only those an editor decided on (True) or not yet (False).

    The events are read by id for the pairs listed (a statement each side), not joined: the
    pairs' own index gives the order, whatever the planner knows of the tables' sizes (joined,
    SQLite scanned the 100,000 events of a freshly migrated database: 400 ms for 53 pairs).
    """
    pairs = DuplicatePair.objects.all()
    if decided is not None:
        decision = PairDecision.objects.filter(
            first_id=OuterRef("first_id"), second_id=OuterRef("second_id")
        )
        pairs = pairs.filter(Exists(decision) if decided else ~Exists(decision))
    events = Event.objects.only(*EVENT_FIELDS)
    return pairs.prefetch_related(
        Prefetch("first", queryset=events), Prefetch("second", queryset=events)
    ).order_by("-score", "day", "first_id", "second_id")


def recent_pairs(days: int = RECENT_DAYS):
    """The pairs no editor decided on among the events of the latest `days` days that have
    events (the desk's): from the stored pairs, by the earlier event's day."""
    latest = Event.objects.values_list("date", flat=True).distinct().order_by("-date")[:days]
    since = min(latest, default=None)
    if since is None:
        return DuplicatePair.objects.none()
    return stored_pairs(decided=False).filter(day__gte=since)


def _events(queryset):
    return list(queryset.only("pk", "date", "headline", "slug", "status").order_by("date", "pk"))


def decide(first_id: int, second_id: int, verdict: str, *, user) -> PairDecision:
    """Remember what an editor said of a pair (a later word replaces an earlier one)."""
    low, high = sorted((first_id, second_id))
    decision, _created = PairDecision.objects.update_or_create(
        first_id=low,
        second_id=high,
        defaults={"verdict": verdict, "decided_by": user, "decided_at": timezone.now()},
    )
    return decision


def decisions_on(pairs: list[Pair]) -> dict[tuple[int, int], PairDecision]:
    """The decisions taken on any of `pairs`, by their (lower id, higher id): one query."""
    if not pairs:
        return {}
    keys = {pair_key(pair) for pair in pairs}
    firsts = {low for low, _high in keys}
    found = PairDecision.objects.filter(first_id__in=firsts).select_related("decided_by")
    return {(d.first_id, d.second_id): d for d in found if (d.first_id, d.second_id) in keys}


def open_pairs(pairs: list[Pair]) -> list[Pair]:
    """The pairs no editor has decided on yet."""
    decided = decisions_on(pairs)
    return [pair for pair in pairs if pair_key(pair) not in decided]


def pair_key(pair: Pair) -> tuple[int, int]:
    low, high = sorted((pair.first.pk, pair.second.pk))
    return low, high
