"""`/outlets`: the outlets cited by public events, with counts; one outlet."""

from typing import Annotated

from django.http import Http404
from ninja import Path, Query, Router
from pydantic import StringConstraints

from ..http_cache import keys
from ..http_cache.headers import tell
from . import outlet_queries, schemas
from .params import NoParameters, OutletFilters, only
from .present import Addresses, iso, json_response

router = Router(tags=["outlets"])

# A domain as the outlet pages have it, or an outlet's id.
OutletRef = Annotated[str, StringConstraints(min_length=1, max_length=253, pattern=r"^[^/\x00]+$")]


@router.get("/outlets", response={200: schemas.OutletPage, 400: schemas.Error}, url_name="outlets")
@only(OutletFilters)
def list_outlets(request, filters: Query[OutletFilters]):
    """Outlets cited by public events, by domain, each with its number of those events."""
    outlets, following = outlet_queries.outlets_page(filters)
    # Every write that changes what an outlet counts or is called purges `outlets`.
    tell(request, [keys.OUTLETS, keys.API, keys.LISTS])
    addresses = Addresses(request)
    return addresses.page([addresses.outlet(outlet) for outlet in outlets], following)


@router.get(
    "/outlets/{ref}",
    response={200: schemas.OutletDetail, 400: schemas.Error, 404: schemas.Error},
    url_name="outlet",
)
@only(NoParameters)
def get_outlet(request, ref: Path[OutletRef]):
    """An outlet by its domain (a domain merged into another answers with that one) or id:
    its name, counts, first and latest public events it is cited by, and their list's address."""
    outlet = outlet_queries.outlet(ref)
    if outlet is None:
        raise Http404
    tell(request, [keys.OUTLETS])
    return json_response(
        {
            **Addresses(request).outlet(outlet),
            "merged_domains": outlet.merged_domains,
            "first_date": iso(outlet.first_date),
            "latest_date": iso(outlet.latest_date),
        }
    )
