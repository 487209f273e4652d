"""Soft locks: opening an event another editor opened in the last few minutes (and has not
saved or left) says who and since when. A warning only: two editors may still both edit,
and the lock version refuses the second save (events.admin.forms)."""

import datetime

from django.utils import timezone

from ..models import EditingPresence

# How long an open page counts as someone editing: a page left open over lunch says nothing.
RECENT = datetime.timedelta(minutes=15)


def others_editing(event_id: int, user) -> list[EditingPresence]:
    """The other editors who opened the event within `RECENT`, earliest first."""
    since = timezone.now() - RECENT
    return list(
        EditingPresence.objects.filter(event_id=event_id, opened_at__gte=since)
        .exclude(user=user)
        .select_related("user")
        .order_by("opened_at")
    )


def opened(event_id: int, user) -> None:
    EditingPresence.objects.update_or_create(
        event_id=event_id, user=user, defaults={"opened_at": timezone.now()}
    )


def left(event_id: int, user) -> None:
    """The editor saved, or left the page."""
    EditingPresence.objects.filter(event_id=event_id, user=user).delete()
