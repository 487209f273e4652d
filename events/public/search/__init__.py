"""Search: the query syntax (`syntax`), the full-text index on SQLite and PostgreSQL
(`index`, the only hand-written SQL of the search), highlighting (`highlight`) and facets
(`facets`). The search page (events.public.search_page.SearchView, filters.py) and the read API's
`q` use `search_events`.
"""

from .index import best_first_among, matching, ranked
from .syntax import MostOf, ParsedQuery, parse, relaxations


def search_events(events, text: str):
    """`events` matching `text` in the search box's syntax, best matches first (equal ranks:
    newest first). Empty text leaves `events` as they are; text with no word to look for
    (`*`, `-`, only excluded words) matches nothing."""
    if not text.strip():
        return events
    return ranked(events, parse(text))


__all__ = [
    "MostOf",
    "ParsedQuery",
    "best_first_among",
    "matching",
    "parse",
    "ranked",
    "relaxations",
    "search_events",
]
