"""Events of the archive: one sentence per event per day, its topics and its related links.

- `event`: Event, and `Event.objects.published()`, the one definition of public;
- `topic`: Topic and TaggedEvent (an event's topics);
- `links`: Related (links between events) and Redirect (addresses that moved);
- `search`: SearchEntry, an event's row in the full-text index (events.public.search).
- `withdrawal`: Withdrawal (events that stopped being public, for the read API).
Sources live in the `sources` app; pending purges in events.http_cache.
"""

from ..http_cache.models import PendingPurge
from .event import PUBLIC_STATUSES, Event, EventQuerySet
from .links import Redirect, Related, split_context
from .search import SearchEntry
from .topic import TOPIC_URL_NAMES, TaggedEvent, Topic, counts_publicly
from .withdrawal import Withdrawal

__all__ = [
    "PUBLIC_STATUSES",
    "TOPIC_URL_NAMES",
    "Event",
    "EventQuerySet",
    "PendingPurge",
    "Redirect",
    "Related",
    "SearchEntry",
    "TaggedEvent",
    "Topic",
    "counts_publicly",
    "Withdrawal",
    "split_context",
]
