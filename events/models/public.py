"""What the public may see of an event, as a condition: the one definition of public.

`Event.objects.published()` filters by it; topic rows use it for the events whose links give
them (`given_by__`). Here, apart from both models, so that each can import it.
"""

from django.db.models import Q
from django.utils import timezone

# The statuses with a publish time: public from that time on.
PUBLIC_STATUSES = ("published", "scheduled")


def is_public(path: str = "", now=None) -> Q:
    """The event at `path` from the queried model is public (`now`, or at another time).

    An event is public from its publish time on: a published event's is when it was published
    (see `Event.settle_publish_time`), a scheduled event's is when it is due, decided here at
    query time: no cron job or worker has to flip its status. One test per column, not an OR
    of the two cases: cheaper to build, and an index can answer it.
    """
    now = timezone.now() if now is None else now
    return Q(**{f"{path}status__in": PUBLIC_STATUSES, f"{path}publish_at__lte": now})


def will_be_public(path: str = "") -> Q:
    """The event at `path` is public, or will be once its time comes: a status with a publish
    time. What the kept counts count (topics', outlets', days'), so that none has to change
    when a scheduled event falls due."""
    return Q(**{f"{path}status__in": PUBLIC_STATUSES, f"{path}publish_at__isnull": False})


def is_due_later(now=None) -> Q:
    """Scheduled and not public yet at `now`: the few events `will_be_public` counts that
    `is_public` leaves out, taken off the kept counts at request time (and the desk's queue)."""
    now = timezone.now() if now is None else now
    return Q(status="scheduled", publish_at__gt=now)
