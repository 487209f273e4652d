"""The public events citing an outlet, read the way its size makes cheap.

An outlet cited by many events is found early along the events' date index (one event in a
few cites it), so its newest events and its dates are read from that index, each event asked
whether it cites the outlet; a rarely cited one is read from its own sources (their index),
which walking the date index would cross the whole archive to find. Which is which comes from
the outlet's stored count (events.models.outlet_flags), so neither grows with the archive.
"""

from django.db.models import Exists, Max, Min, OuterRef, Q

from events.models import Event
from sources.models import Outlet, Source
from sources.outlets import current_outlet_of

from .listing import along_dates, on_many


def citing_events(outlet: Outlet):
    """The public events citing `outlet`, as a queryset (unordered)."""
    public = Event.objects.published()
    if on_many(outlet.public_sources):
        # The timeline of an outlet citing each of 100,000 events: 500 -> 12 ms on SQLite.
        return along_dates(
            public.filter(Exists(Source.objects.filter(outlet=outlet, event=OuterRef("pk"))))
        )
    return public.filter(pk__in=Source.objects.filter(outlet=outlet).values("event_id"))


def cites(text: str) -> Q:
    """For a query of events: they cite the outlet of the domain `text` (a merged one's
    finds the outlet it joined), or, when no outlet has that domain, a source written with
    the name (older links' `BBC`). Each event once. The outlet is found first: asked inside
    each event's EXISTS, its joins took a search for a common word with an outlet over 10 s
    at 100,000 events (`make bench-scale`'s "search: outlet filter")."""
    outlet = current_outlet_of(text)
    if outlet is None:
        named = Source.objects.filter(name__icontains=text, event=OuterRef("pk"))
        return Q(Exists(named))
    if on_many(outlet.public_sources):
        return Q(Exists(Source.objects.filter(outlet=outlet, event=OuterRef("pk"))))
    return Q(pk__in=Source.objects.filter(outlet=outlet).values("event_id"))


def cited_dates(outlet: Outlet) -> tuple:
    """The first and latest dates of the public events citing `outlet`."""
    citing = citing_events(outlet)
    if on_many(outlet.public_sources):
        dates = citing.values_list("date", flat=True)
        return dates.order_by("date").first(), dates.order_by("-date").first()
    found = citing.aggregate(first=Min("date"), latest=Max("date"))
    return found["first"], found["latest"]
