"""How much of a broad search a page works on: the newest matches, at most CANDIDATES.

A search's words may match most of the archive (`t*`, `the`, an or-chain of prefixes). Its
page ranks, counts, pages and facets the newest CANDIDATES matches only, read in one
statement as their ids (the database's index for the words, then the newest by date), and
says so: "Over 1,000 events match; these are the 1,000 newest". Below the cap every match
counts, exactly as before. Pages stop at the cap's last page, which says how to reach older
events (a narrower search), instead of reading deep offsets.
"""

from dataclasses import dataclass

from events.models import Event

CANDIDATES = 1000


@dataclass(frozen=True)
class Candidates:
    """The ids of the newest matches (at most CANDIDATES), newest first; `capped` when more
    events match than that."""

    ids: list[int]
    capped: bool

    def events(self, using: str = "default"):
        """The candidates as a queryset of events (unordered)."""
        return Event.objects.using(using).filter(pk__in=self.ids)


def newest_matches(matches) -> Candidates:
    """The newest CANDIDATES of `matches` (a filtered queryset of events), and whether more
    match: one statement, however many events match."""
    newest = matches.order_by("-date", "position", "pk").values_list("pk", flat=True)
    ids = list(newest[: CANDIDATES + 1])
    return Candidates(ids[:CANDIDATES], capped=len(ids) > CANDIDATES)
