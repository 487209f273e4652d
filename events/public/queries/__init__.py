"""The queries behind each public page, one module a page.

home.py (the latest days), day.py (a day's events and the days either side), event.py (an
event's sources, topics, related links and what happened next), topics.py (a topic's timeline,
the topic index); listing.py (what every listing shows of an event: its listed fields, outlets
and topics); periods.py (the nearest days, months and years with events); sql.py (helpers for
the few hand-written statements, each kept only where it at least doubles its page's speed).
"""
