"""Staff on the public pages: who may preview drafts, and the staff bar (Edit, History,
the event's status; a day's ordering page), a signed-in editor's way back into the admin.

The bar is rendered with the page, on the server, and only for a request that carries a
session cookie: such a request passes Varnish (deploy/varnish/newsroom.vcl: `sessionid`
means pass) and its response is marked private (here, and again by the shared-cache
middleware, which makes every signed-in response private), so no copy with a bar is ever
kept for anyone else. A reader's request, with no session cookie, never opens the session:
its response stays shareable and gains no `Vary: Cookie`. Why not fetch the bar from a
private endpoint with a script: every reader's page view would then cost a second request
to Django (the page cannot tell who is signed in: the session cookie is HttpOnly), and the
public pages need no script at all.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import patch_cache_control

from ..models import Event

# What previewing a draft needs: the admin's own right to view events (which, as in the
# admin, the right to change them includes: an editor who may edit a draft may read it).
PREVIEW_PERMISSIONS = ("events.view_event", "events.change_event")


@dataclass(frozen=True)
class StaffBar:
    """What the bar offers: the admin, and for an event its edit and history pages and
    status, for a day its ordering page."""

    admin_url: str
    edit_url: str = ""
    history_url: str = ""
    status: str = ""
    order_url: str = ""
    day_list_url: str = ""


def staff_bar(request, *, event: Event | None = None, day=None) -> StaffBar | None:
    """The bar for this request, or None: a reader, or staff with no right to see events."""
    if request is None or not signed_in(request) or not may_preview_drafts(request.user):
        return None
    admin_url = reverse("admin:index")
    if event is not None:
        return StaffBar(
            admin_url=admin_url,
            edit_url=reverse("admin:events_event_change", args=[event.pk]),
            history_url=reverse("admin:events_event_history", args=[event.pk]),
            status=status_of(event),
        )
    if day is not None:
        args = [day.year, day.month, day.day]
        return StaffBar(
            admin_url=admin_url,
            order_url=reverse("admin:events_event_day_order", args=args),
            day_list_url=reverse("admin:events_event_changelist")
            + f"?date__year={day.year}&date__month={day.month}&date__day={day.day}",
        )
    return StaffBar(admin_url=admin_url)


def signed_in(request) -> bool:
    """Whether the request may come from someone signed in: it carries a session cookie.
    Without one, asking who the user is would open the session for nothing (and make the
    response vary by cookie)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def may_preview_drafts(user) -> bool:
    """Staff who may view events in the admin: a draft at its public address shows them
    what the admin would. Being staff is not enough (an account may hold no permission)."""
    if not (user.is_active and user.is_staff):
        return False
    return any(user.has_perm(permission) for permission in PREVIEW_PERMISSIONS)


def status_of(event: Event) -> str:
    """The event's status as an editor would say it: published, draft, or scheduled (and
    whether its time has come)."""
    if event.status != Event.Status.SCHEDULED:
        return str(event.get_status_display())
    when = formats.date_format(timezone.localtime(event.publish_at), "DATETIME_FORMAT")
    if event.is_published:
        return f"Scheduled, public since {when}"
    return f"Scheduled: public from {when}"


def keep_private(response) -> None:
    """A page with the bar is the editor's own: no shared cache may keep it."""
    patch_cache_control(response, private=True, no_cache=True)
