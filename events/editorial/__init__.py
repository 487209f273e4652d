"""What editors do beyond saving a form: the rules the admin's pages call.

workflow.py (publish, schedule, unpublish; edits of an event's parts), revisions.py (record
and restore), revision_diffs.py (an event's readable versions and their differences),
redirects.py (old addresses of moved events and topics, answered with a 301), topic_edits.py
(rename and merge topics), suggestions.py (related events to link), editors.py (accounts).
"""
