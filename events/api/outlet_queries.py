"""What `/outlets` reads: outlets as the public sees them, from `Event.objects.published()`.

An outlet exists for the API while a public event cites it (as on `/outlets/`); its counts are
of public events and their sources only. Merged outlets are folded into the one they joined
(their sources moved there, `sources.outlets.merge_outlets`).
"""

import re

from django.db.models import Count, Exists, Max, Min, OuterRef, Q

from newsroom.parameters import whole_number_or_none
from sources.models import Outlet, Source

from ..models import Event
from .cursors import Ordering
from .queries import page

OUTLET_ORDERING = Ordering("domain", (("domain", False),))


def public_sources():
    return Source.objects.filter(event__in=Event.objects.published())


def outlets_page(filters):
    """Current outlets cited by public events, by domain, with counts: two statements (the
    page, then the counts of its outlets only, as for topics)."""
    outlets = Outlet.objects.current().filter(
        Exists(public_sources().filter(outlet=OuterRef("pk")))
    )
    if filters.prefix:
        prefix = filters.prefix
        outlets = outlets.filter(Q(domain__istartswith=prefix) | Q(name__istartswith=prefix))
    if filters.domain:
        outlets = outlets.filter(named(filters.domain))
    found, following = page(outlets.only("domain", "name"), OUTLET_ORDERING, *filters.page)
    counts = outlet_counts([outlet.pk for outlet in found])
    for outlet in found:
        outlet.count, outlet.source_count = counts.get(outlet.pk, (0, 0))
    return found, following


def outlet_counts(outlet_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Each outlet's (public events citing it, their sources from it)."""
    if not outlet_ids:
        return {}
    rows = public_sources().filter(outlet_id__in=outlet_ids).order_by().values("outlet_id")
    counted = rows.annotate(events=Count("event_id", distinct=True), sources=Count("id"))
    return {row["outlet_id"]: (row["events"], row["sources"]) for row in counted}


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
    found = Outlet.objects.current().filter(named(ref) | by_id).only("domain", "name").first()
    if found is None:
        return None
    cited = (
        public_sources()
        .filter(outlet=found)
        .aggregate(
            count=Count("event_id", distinct=True),
            source_count=Count("id"),
            first_date=Min("event__date"),
            latest_date=Max("event__date"),
        )
    )
    if not cited["count"]:
        return None
    for name, value in cited.items():
        setattr(found, name, value)
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
