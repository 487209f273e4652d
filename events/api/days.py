"""`/days`: the days that have public events, with counts; one day's events in order."""

from django.http import Http404
from ninja import Path, Query, Router

from ..http_cache import keys
from ..http_cache.headers import tell
from . import queries, schemas
from .params import DayFilters, IsoDate, NoParameters, only
from .present import Addresses, iso, json_response

router = Router(tags=["days"])


@router.get("/days", response={200: schemas.DayPage, 400: schemas.Error}, url_name="days")
@only(DayFilters)
def list_days(request, filters: Query[DayFilters]):
    """Each day with public events in the range, oldest first, with its number of events."""
    filters.check_range()
    days, following = queries.days_page(filters)
    tell(request, [keys.API, keys.LISTS])
    addresses = Addresses(request)
    return addresses.page([addresses.day(day.date, day.count) for day in days], following)


@router.get(
    "/days/{date}",
    response={200: schemas.DayEvents, 400: schemas.Error, 404: schemas.Error},
    url_name="day",
)
@only(NoParameters)
def get_day(request, date: Path[IsoDate]):
    """A day's public events in their order, and the nearest days either side that have any."""
    events, (previous_day, next_day) = queries.day_events(date)
    if not events:
        raise Http404
    tell(request, keys.day_page(date, events))
    addresses = Addresses(request)
    return json_response(
        {
            **addresses.day(date, len(events)),
            "previous_day": iso(previous_day),
            "next_day": iso(next_day),
            "events": [addresses.listed_event(event) for event in events],
        }
    )
