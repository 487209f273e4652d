"""The save warning naming possible duplicates, with links to them.

The admin's messages are plain text, so the warning travels apart from them: the save keeps
the similar events' ids in the session, and the next admin page shows them once, rendered by
a template (admin/events/event/possible_duplicates.html, through the `possible_duplicates`
tag in base_site.html), whichever page the save's redirect lands on.
"""

from ..editorial import duplicates
from ..models import Event

SESSION_KEY = "possible_duplicates"
LISTED = 5


def remember(request, event: Event) -> None:
    """Keep the events most like `event` for the next page to show (none: nothing to say)."""
    similar = duplicates.similar_to(event)[:LISTED]
    if similar:
        request.session[SESSION_KEY] = {
            "event": event.pk,
            "similar": [[other.pk, round(score)] for other, score in similar],
        }


def take(request) -> dict | None:
    """The warning kept by the last save, once: (event, [(other event, score), ...])."""
    if not hasattr(request, "session"):
        return None
    kept = request.session.pop(SESSION_KEY, None)
    if not kept:
        return None
    ids = [kept["event"]] + [pk for pk, _score in kept["similar"]]
    found = Event.objects.only("pk", "date", "headline", "status").in_bulk(ids)
    similar = [(found[pk], score) for pk, score in kept["similar"] if pk in found]
    if kept["event"] not in found or not similar:
        return None
    return {"event": found[kept["event"]], "similar": similar}
