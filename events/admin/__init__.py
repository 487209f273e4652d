"""The admin for events, topics and redirects, one module per concern.

accounts: Django's user pages with labelled date and time inputs; events: the event change form
and changelist; history: revisions, diffs and restore;
suggestions: related-event suggestions; topics: rename and merge; redirects: the redirect table.
"""

from . import accounts, events, redirects, topics  # noqa: F401  (each registers its ModelAdmin)
