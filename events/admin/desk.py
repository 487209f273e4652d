"""The admin's home page, the editors' desk: what to work on next, each list linking into
the changelist filtered to show all of it."""

from django.urls import reverse
from django.utils import timezone

from ..editorial import desk, duplicates
from .shortcuts import todays_event_url


def desk_context(request, site) -> dict:
    if not request.user.has_perm("events.view_event"):
        return {"desk": None}
    now = timezone.now()
    thin, median = desk.thin_days()
    pairs = duplicates.recent_pairs()  # stored rows no editor has decided on yet
    return {
        "desk": {
            "drafts": desk.drafts(request.user),
            "scheduled": desk.scheduled_queue(now),
            "published": desk.latest_publications(now),
            "attention": desk.needs_attention(),
            "links": desk.link_states(),
            "thin_days": thin,
            "median": median,
            "thin_window": desk.THIN_DAYS_WINDOW,
            "thin_share": int(desk.THIN_DAY_SHARE * 100),
            "duplicates": list(pairs[: desk.LISTED]),
            "duplicates_count": pairs.count(),
        },
        "changelist_url": reverse("admin:events_event_changelist"),
        "duplicates_url": reverse("admin:events_event_duplicates"),
        "sources_url": reverse("admin:sources_source_changelist"),
        "todays_event_url": todays_event_url(),
    }
