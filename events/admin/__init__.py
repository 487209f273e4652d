"""The admin for events, topics and redirects, one module per concern.

events: the event change form and changelist; history: revisions, diffs and restore;
suggestions: related-event suggestions; topics: rename and merge; redirects: the redirect table.
"""

from . import events, redirects, topics  # noqa: F401  (each registers its ModelAdmin)
