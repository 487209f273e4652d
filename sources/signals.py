"""What the sources app's own writes tell the rest of the site.

Link checks, captures and outlet merges write in bulk, which sends no model signals: they
send these instead, inside the write's transaction, and events.changes records what the
public will see change (the sources app knows nothing of pages or caches).
"""

from django.dispatch import Signal

# The shown columns of these events' sources changed (a link now dead, a snapshot captured).
# Keyword arguments: event_ids, and shown_by_api (whether the read API shows the change: a
# snapshot yes, a link's state no).
sources_changed = Signal()

# These outlets were renamed, merged or took other outlets' sources. Keyword: outlet_ids.
outlets_changed = Signal()
