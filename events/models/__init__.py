"""Events of the archive: one sentence per event per day, its topics and its related links.

- `event`: Event, and `Event.objects.published()`, the one definition of public;
- `public`: `is_public`, the condition `published()` filters by;
- `topic`: Topic, TaggedEvent (an event's topics, each once) and GivenTopic (the topics
  other events' related links give it);
- `links`: Related (links between events) and Redirect (addresses that moved);
- `search`: SearchEntry, an event's row in the full-text index (events.public.search);
  `search_words`: SearchWord, the index's words with their counts ("Did you mean").
- `duplicate_pair`: DuplicatePair (a possible duplicate pair, kept current by every write),
  PairDecision (what editors said of one) and MergedEvent (archive paths merged away).
- `presence`: EditingPresence (who has an event's change page open: soft locks).
- `day_counts`: DayCount (each day's public or scheduled events, kept by triggers).
- `withdrawal`: Withdrawal (events that stopped being public, for the read API).
- `pending_purge`: PendingPurge (purges waiting to be sent, events.http_cache.purge).
- `in_ids`: the `__in_ids` lookup, `__in` for long lists of integer ids.
Sources live in the `sources` app.
"""

from . import in_ids  # noqa: F401 (registers the `__in_ids` lookup)
from .day_counts import DayCount
from .duplicate_pair import DuplicatePair, MergedEvent, PairDecision
from .event import PUBLISHED_COLUMNS, Event, EventQuerySet
from .links import MOST_RELATED, Redirect, Related, split_context
from .pending_purge import PendingPurge
from .presence import EditingPresence
from .public import PUBLIC_STATUSES, is_public
from .search import SearchEntry
from .search_words import SearchWord
from .topic import (
    MOST_TOPICS,
    TOPIC_URL_NAMES,
    GivenTopic,
    TaggedEvent,
    Topic,
    carries_publicly,
    shown_publicly,
)
from .withdrawal import Withdrawal

__all__ = [
    "MOST_RELATED",
    "MOST_TOPICS",
    "PUBLISHED_COLUMNS",
    "PUBLIC_STATUSES",
    "TOPIC_URL_NAMES",
    "DayCount",
    "DuplicatePair",
    "EditingPresence",
    "Event",
    "EventQuerySet",
    "GivenTopic",
    "MergedEvent",
    "PairDecision",
    "PendingPurge",
    "Redirect",
    "SearchWord",
    "Related",
    "SearchEntry",
    "TaggedEvent",
    "Topic",
    "carries_publicly",
    "is_public",
    "shown_publicly",
    "Withdrawal",
    "split_context",
]
