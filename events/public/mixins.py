"""What a request may see, and the shared behaviour of the public archive's views."""

import datetime
from dataclasses import dataclass

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property

from events.periods import group_start, neighbours, period_of
from events.sql import public_condition, visible_condition
from newsroom.parameters import BadNumber, page_number

from ..http_cache.headers import tell
from ..models import Event
from .staff import keep_private, may_preview_drafts, signed_in, staff_bar


class VisibleEventsMixin:
    """The one place that decides which events a request may see.

    The public sees `Event.objects.published()`. A view that sets `preview_drafts` (the event
    page) also shows drafts to staff who may view events in the admin (`may_preview_drafts`),
    so an editor can check a draft at its public address; such a response is never cached, so
    no cache can hand a draft to the public.
    """

    preview_drafts = False

    def can_preview_drafts(self) -> bool:
        # No session cookie, no one signed in: the session is never opened for a reader.
        return (
            self.preview_drafts
            and signed_in(self.request)
            and may_preview_drafts(self.request.user)
        )

    def visible_events(self):
        # Worked out once per request: a page asks several times (its events, its neighbours).
        if "_visible_events" not in self.__dict__:
            events = Event.objects.all() if self.can_preview_drafts() else Event.objects.published()
            self._visible_events = events
        return self._visible_events

    def visible_condition(self) -> tuple[str, list]:
        """`visible_events()` as a WHERE clause (SQL, parameters) for hand-written statements."""
        if self.can_preview_drafts():
            return visible_condition(self.visible_events())
        return self.public_where

    @cached_property
    def now(self):
        """The request's time: what is public, and when the next scheduled event is due."""
        return timezone.now()

    @cached_property
    def public_where(self) -> tuple[str, list]:
        """`Event.objects.published()` as of `now`, as a WHERE clause: compiled once a request
        (compiling it costs more than running the day page's statements)."""
        return public_condition(now=self.now)

    def render_to_response(self, context, **response_kwargs):
        shown = getattr(self, "object", None)
        context["staff_bar"] = staff_bar(
            self.request,
            event=shown if isinstance(shown, Event) else None,
            day=context.get("day"),
        )
        response = super().render_to_response(context, **response_kwargs)
        if isinstance(shown, Event) and not shown.is_published:
            add_never_cache_headers(response)  # a draft preview: never kept anywhere
        else:
            tell(self.request, self.page_keys(context))
        if context["staff_bar"] is not None:
            keep_private(response)  # the editor's own page (events.public.staff)
        return response

    def page_keys(self, context) -> list[str]:
        """What the page shows, as surrogate keys (events.http_cache.keys)."""
        raise NotImplementedError(f"{type(self).__name__} must say what its page shows.")


class BadPage(Exception):
    """A page number that names no page: answered with a 400 that says which pages exist."""


class CountedPaginator(Paginator):
    """A paginator told its count, for a view that knows it already (a month from its
    calendar's counts, a search from its year facet's): no COUNT statement."""

    def __init__(self, object_list, per_page, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


class PaginationMixin:
    """Pagination for every long list: a bad or missing page is a clear 400, never a 500."""

    page_kwarg = "page"

    def requested_page(self) -> int:
        """The page number asked for (1 when none); not one by newsroom.parameters' rule
        (ASCII digits, from 1 to a billion): BadPage naming the parameter."""
        try:
            return page_number(self.request.GET.get(self.page_kwarg), self.page_kwarg)
        except BadNumber as error:
            raise BadPage(f"The page number (`{self.page_kwarg}`) must be {error.rule}.") from None

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        number = self.requested_page()
        try:
            page = paginator.page(number)
        except InvalidPage:
            raise BadPage(
                f"There is no page {number} here; pages go from 1 to {paginator.num_pages}."
            ) from None
        return paginator, page, page.object_list, page.has_other_pages()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except BadPage as error:
            return render(request, "400.html", {"message": str(error)}, status=400)


@dataclass(frozen=True)
class PeriodCount:
    """A month of a year page or a day of a month page, with its number of public events."""

    date: datetime.date
    count: int


class ArchiveDateMixin(VisibleEventsMixin):
    """Feeds Django's Year/Month/Day/DateDetail views from the visible events.

    Archive addresses carry a zero-padded month and an unpadded day; the URL converters hand
    both over as ints, which `%m` and `%d` parse. An event's date is when it happened, not when
    it was published (the status decides that), so future dates are allowed.
    """

    model = Event
    date_field = "date"
    allow_future = True
    allow_empty = False
    month_format = "%m"
    day_format = "%d"

    def get_queryset(self):
        return self.visible_events()

    def get_dated_queryset(self, **lookup):
        # Django tests a period for emptiness with `not qs`, loading every event of a month or
        # year. Here the counted date list (year, month) or the evaluated list (day) 404s.
        return self.get_queryset().filter(**lookup)

    # Django asks for each neighbour separately; both come from one query
    # (events.periods), or come with the period's events (the day page).
    def neighbours(self, date, period):
        cache = self.__dict__.setdefault("_neighbours", {})
        if (date, period) not in cache:
            cache[date, period] = neighbours(self.get_queryset(), date, period)
        return cache[date, period]

    def remember_neighbours(self, date, period, found):
        self.__dict__.setdefault("_neighbours", {})[date, period] = found

    def get_previous_day(self, date):
        return self.neighbours(date, "day")[0]

    def get_next_day(self, date):
        return self.neighbours(date, "day")[1]

    def get_previous_month(self, date):
        return self.neighbours(date, "month")[0]

    def get_next_month(self, date):
        return self.neighbours(date, "month")[1]

    def get_previous_year(self, date):
        return self.neighbours(date, "year")[0]

    def get_next_year(self, date):
        return self.neighbours(date, "year")[1]

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        """The periods that have events, each with its count, in one grouped query."""
        period = date_type or self.get_date_list_period()
        rows = (
            queryset.order_by()
            .annotate(period=period_of(self.date_field, period, queryset.db))
            .values("period")
            .annotate(count=Count("pk"))
            .order_by("period" if ordering == "ASC" else "-period")
        )
        date_list = [PeriodCount(group_start(row["period"]), row["count"]) for row in rows]
        if not date_list and not self.get_allow_empty():
            raise Http404("No events in this period.")
        return date_list
