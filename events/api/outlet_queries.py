"""What `/outlets` reads: outlets as the public sees them, from `Event.objects.published()`.

An outlet exists for the API while a public event cites it (as on `/outlets/`); its counts are
of public events and their sources only: the outlets' own, kept by every write
(events.models.outlet_flags), less those of events not due yet. Merged outlets are folded into
the one they joined (their sources moved there, `sources.outlets.merge_outlets`).
"""

import re

from django.db.models import Exists, OuterRef, Q

from newsroom.parameters import whole_number_or_none
from sources.models import Outlet, Source

from ..models import Event
from ..models.outlet_flags import public_outlet_counts, shown_outlets
from ..public.queries.outlets import cited_dates
from .cursors import Ordering
from .queries import page

OUTLET_ORDERING = Ordering("domain", (("domain", False),))


def public_sources():
    return Source.objects.filter(event__in=Event.objects.published())


COUNTED = ("domain", "name", "public_events", "public_sources", "public_dead")


def outlets_page(filters):
    """Current outlets cited by public events, by domain, with their counts."""
    outlets, not_yet = shown_outlets()
    if filters.prefix:
        prefix = filters.prefix
        outlets = outlets.filter(Q(domain__istartswith=prefix) | Q(name__istartswith=prefix))
    if filters.domain:
        outlets = outlets.filter(named(filters.domain))
    found, following = page(outlets.only(*COUNTED), OUTLET_ORDERING, *filters.page)
    public_outlet_counts(found, not_yet)
    return found, following


def named(domain: str) -> Q:
    """The outlet of `domain`, or the one it was merged into (EXISTS: no duplicate rows)."""
    domain = domain.lower()
    merged = Outlet.objects.filter(merged_into=OuterRef("pk"), domain=domain)
    return Q(domain=domain) | Q(Exists(merged))


def outlet(ref: str) -> Outlet | None:
    """The current outlet named by `ref` (a domain, a merged one's domain, or an id) with its
    counts and dates; None unless a public event cites it."""
    number = whole_number_or_none(ref)
    by_id = Q(pk=number) if number is not None else Q(pk__in=[])
    outlets, not_yet = shown_outlets()
    found = outlets.filter(named(ref) | by_id).only(*COUNTED).first()
    if found is None:
        return None
    public_outlet_counts([found], not_yet)
    found.first_date, found.latest_date = cited_dates(found)
    found.merged_domains = publicly_cited_merged_domains(found)
    return found


def publicly_cited_merged_domains(found: Outlet) -> list[str]:
    """The domains merged into `found` that a public event's source was cited from: one that
    only drafts cited must not show (a query per merged domain; outlets have few)."""
    cited = []
    for domain in sorted(found.merged.values_list("domain", flat=True)):
        host = rf"^https?://([^/?#@]*\.)?{re.escape(domain)}(:[0-9]+)?([/?#]|$)"
        if public_sources().filter(outlet=found, url__iregex=host).exists():
            cited.append(domain)
    return cited
