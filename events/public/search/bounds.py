"""How much of a broad search a page works on: the newest matches, at most CANDIDATES.

A search's words may match most of the archive (`t*`, `the`, an or-chain of prefixes). Its
page ranks, counts, pages and facets the newest CANDIDATES matches only, read in one
statement as their ids (the database's index for the words, then the newest by date), and
says so: "Over 1,000 events match; these are the 1,000 newest". Below the cap every match
counts, exactly as before. Pages stop at the cap's last page, which says how to reach older
events (a narrower search), instead of reading deep offsets.

A search with a phrase, on PostgreSQL with its phrase index (events.models.search_phrases),
reads its matches from that index first, unordered, when they are few (at most FEW_MATCHES):
walking the dates newest first would test the phrase on every event until enough match, which
for a rare phrase of common words is the whole archive (1,000,000 events: 1.7 s, against
0.08 s from the index). More matches than that lie close together in the dates, and the walk
finds the newest soon.
"""

from dataclasses import dataclass

from events.models import Event

from .index import through_phrase_index

CANDIDATES = 1000
FEW_MATCHES = 5000


@dataclass(frozen=True)
class Candidates:
    """The ids of the newest matches (at most CANDIDATES), newest first; `capped` when more
    events match than that."""

    ids: list[int]
    capped: bool

    def events(self, using: str = "default"):
        """The candidates as a queryset of events (unordered)."""
        return Event.objects.using(using).filter(pk__in=self.ids)


def newest_matches(matches, query=None) -> Candidates:
    """The newest CANDIDATES of `matches` (a filtered queryset of events, found by the words'
    `query` when there is one), and whether more match."""
    few = _few_through_phrase_index(matches, query) if query is not None else None
    if few is not None:
        return few
    # One statement, however many events match.
    newest = matches.order_by("-date", "position", "pk").values_list("pk", flat=True)
    return _candidates(list(newest[: CANDIDATES + 1]))


def _few_through_phrase_index(matches, query) -> Candidates | None:
    narrowed = through_phrase_index(matches, query)
    if narrowed is None:
        return None
    found = list(narrowed.order_by().values_list("date", "position", "pk")[: FEW_MATCHES + 1])
    if len(found) > FEW_MATCHES:
        return None
    newest_first = sorted(found, key=lambda row: (-row[0].toordinal(), row[1], row[2]))
    return _candidates([pk for _, _, pk in newest_first])


def _candidates(ids: list[int]) -> Candidates:
    return Candidates(ids[:CANDIDATES], capped=len(ids) > CANDIDATES)
