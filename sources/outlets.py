"""Outlets' sources: finding the sources of an outlet, and folding one outlet into another.
(An address's outlet: `Outlet.objects.id_for_url`, from sources.domains.)"""

from django.db import transaction
from django.db.models import Count

from .domains import registrable_domain
from .models import Outlet, Source
from .signals import outlets_changed


def current_outlet_of(domain: str) -> Outlet | None:
    """The current outlet of a domain (what outlet pages link with; a merged one's domain
    finds the outlet it joined), with its counts; None when no outlet has the domain."""
    found = Outlet.objects.filter(domain=domain.lower()).select_related("merged_into").first()
    return found and (found.merged_into or found)


class MergeError(ValueError):
    pass


def merge_outlets(folded: Outlet, kept: Outlet) -> int:
    """Fold `folded` (and whatever was folded into it) into `kept`: their sources move, and
    `folded`'s domain points at `kept` from now on. Returns how many sources moved."""
    if kept.merged_into_id is not None:
        raise MergeError(f"{kept.domain} is itself merged into another outlet.")
    if folded.pk == kept.pk:
        raise MergeError("An outlet cannot be merged into itself.")
    with transaction.atomic():
        group = [folded.pk, *Outlet.objects.filter(merged_into=folded).values_list("pk", flat=True)]
        Outlet.objects.filter(pk__in=group).update(merged_into=kept, name="")
        moved = Source.objects.filter(outlet_id__in=group).update(outlet=kept)
        # The events citing these sources show the outlet, and the outlets' pages change.
        outlets_changed.send(Outlet, outlet_ids=[*group, kept.pk])
    return moved


def written_name_for(url: str) -> str:
    """What to write as a source's outlet when the editor left it empty: the outlet's display
    name if editors named it, else the name its sources are most often written with, else the
    address's domain (`bbc.co.uk`). Two small queries; "" for an address with no host."""
    domain = registrable_domain(url)
    if not domain:
        return ""
    outlet = Outlet.objects.filter(domain=domain).select_related("merged_into").first()
    if outlet is None:
        return domain
    current = outlet.merged_into or outlet
    if current.name:
        return current.name
    usual = (
        Source.objects.filter(outlet=current)
        .values("name")
        .annotate(uses=Count("pk"))
        .order_by("-uses", "name")
        .first()
    )
    return usual["name"] if usual else current.domain
