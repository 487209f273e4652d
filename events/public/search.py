"""Matching events to the words a reader typed.

On PostgreSQL: full-text search with ranking (`django.contrib.postgres.search`), the headline
weighing more than the summary, the query read like a web search box (quoted phrases, `or`,
`-word`). Elsewhere (SQLite): every word must appear in the headline or the summary.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, Q

SEARCH_CONFIG = "english"
MAX_WORDS = 12


def search_events(events, text: str):
    """`events` matching `text`, best matches first (ties and the fallback: newest first)."""
    text = text.strip()
    if not text:
        return events
    if connections[events.db].vendor == "postgresql":
        return _full_text(events, text)
    return _contains_every_word(events, text)


def _full_text(events, text: str):
    # Computed per query: no stored vector or index yet (see the README's Public site notes).
    document = SearchVector("headline", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "summary", weight="B", config=SEARCH_CONFIG
    )
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    return (
        events.annotate(document=document)
        .filter(document=query)
        .annotate(rank=SearchRank(F("document"), query))
        .order_by("-rank", "-date", "position", "pk")
    )


def _contains_every_word(events, text: str):
    for word in text.split()[:MAX_WORDS]:
        events = events.filter(Q(headline__icontains=word) | Q(summary__icontains=word))
    return events.order_by("-date", "position", "pk")
