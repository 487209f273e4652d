"""`/events`: the public events, filtered and paged; one event by id or by date and slug;
a source's archived snapshot."""

from typing import Annotated

from django.http import Http404
from ninja import Path, Query, Router
from pydantic import StringConstraints

from sources.models import Source

from ..http_cache import keys, terms
from ..http_cache.headers import tell
from ..models import Event
from ..public.queries import event as event_queries
from ..public.search import parse
from . import queries, schemas
from .params import EventFilters, IdInPath, IsoDate, NoParameters, WithdrawalFilters, only
from .present import Addresses, iso, json_response

router = Router(tags=["events"])

ERRORS = {400: schemas.Error, 404: schemas.Error}
# Imported slugs are their file names: any one path segment.
Slug = Annotated[str, StringConstraints(min_length=1, max_length=255, pattern=r"^[^/\x00]+$")]


@router.get("/events", response={200: schemas.EventPage, 400: schemas.Error}, url_name="events")
@only(EventFilters)
def list_events(request, filters: Query[EventFilters]):
    """Public events, by date (the archive's order) or by last change, a page at a time.

    Every filter narrows the list; `topic` may be repeated. The cursor pages through the whole
    ordering key, so events added during a walk never make it skip or repeat one."""
    filters.check_range()
    events, following = queries.events_page(filters)
    tell(request, keys.shown(keys.API, *list_keys(filters), events=events))
    addresses = Addresses(request)
    return addresses.page([addresses.listed_event(event) for event in events], following)


def list_keys(filters: EventFilters) -> list[str]:
    """A list with words changes with an edit of an event holding them (events.http_cache.
    terms); one without, with any event joining, leaving or moving, or its topics or sources
    changing (`lists`). By last change, or since a moment, with any event's last change."""
    words = terms.for_search(parse(filters.q).wanted_terms) if filters.q else []
    found = words or [keys.LISTS]
    if filters.updated_since or filters.ordering.endswith("updated"):
        found.append(keys.UPDATES)
    return found


@router.get(
    "/events/withdrawn",
    response={200: schemas.WithdrawalPage, 400: schemas.Error},
    url_name="withdrawn",
)
@only(WithdrawalFilters)
def list_withdrawn(request, filters: Query[WithdrawalFilters]):
    """Ids of events that stopped being public (moved back to draft, rescheduled, deleted)
    since a moment, oldest first: what a copy synced with `updated_since` should drop."""
    withdrawals, following = queries.withdrawals_page(filters)
    # Every event leaving the public purges `api`.
    tell(request, [keys.API, keys.LISTS])
    addresses = Addresses(request)
    return addresses.page(
        [{"id": row.event_id, "withdrawn_at": iso(row.withdrawn_at)} for row in withdrawals],
        following,
    )


@router.get("/events/{id}", response={200: schemas.Event, **ERRORS}, url_name="event")
@only(NoParameters)
def get_event(request, id: IdInPath):
    """One public event with its topics, sources (and snapshots) and related events."""
    return whole_event(request, Event.objects.published().filter(pk=id))


@router.get("/events/{date}/{slug}", response={200: schemas.Event, **ERRORS}, url_name="event_at")
@only(NoParameters)
def get_event_at(request, date: Path[IsoDate], slug: Path[Slug]):
    """The public event at its date and slug, as its page's address has them."""
    return whole_event(request, Event.objects.published().filter(date=date, slug=slug))


def whole_event(request, found):
    event = queries.listed(found).first()
    if event is None:
        raise Http404
    topics = event_queries.topics_of(event.id)
    sources = Source.objects.filter(event_id=event.id).order_by("position", "pk")
    related = event_queries.related_links_of(event.id)
    linked = [link.target for link in related if link.target]
    # Its topics show by name only: a rename, or a topic given or taken, purges its own key.
    tell(request, keys.event_page(event, linked, topic_ids=()))
    addresses = Addresses(request)
    return json_response(addresses.event(event, topics=topics, sources=sources, related=related))


@router.get(
    "/sources/{id}/snapshot", response={200: schemas.Snapshot, **ERRORS}, url_name="snapshot"
)
@only(NoParameters)
def get_snapshot(request, id: IdInPath):
    """The archived text of a source of a public event."""
    source = (
        Source.objects.filter(pk=id, event__in=Event.objects.published())
        .exclude(snapshot_title="", snapshot_text="")
        .first()
    )
    if source is None:
        raise Http404
    tell(request, [keys.event_key(source.event_id)])
    return json_response(
        {
            "outlet": source.name,
            "url": source.url,
            "title": source.snapshot_title,
            "text": source.snapshot_text,
            "archived_at": iso(source.snapshot_archived_at),
        }
    )
