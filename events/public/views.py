"""The public archive's pages. What a request may see is decided in `events.public.mixins`."""

import calendar

from django.http import Http404
from django.views.generic import (
    DateDetailView,
    DayArchiveView,
    ListView,
    MonthArchiveView,
    YearArchiveView,
)

from ..http_cache import keys
from ..models import Event
from . import structured_data
from .filters import EventFilter
from .mixins import ArchiveDateMixin, PaginationMixin, VisibleEventsMixin
from .queries import event as event_queries
from .queries import home as home_queries
from .queries import listing
from .queries.day import DayPage, day_listing
from .queries.topics import TopicIndex, TopicTimeline

# The most events a page lists (home, a day): a page stays well under 1 MB however busy.
EVENTS_PER_PAGE = 200
EVENTS_PER_LIST_PAGE = 20
TOPICS_PER_PAGE = 100


class HomeView(PaginationMixin, VisibleEventsMixin, ListView):
    """The latest events, newest day first, under their days' headings.

    Paged by events, not by days: a day of 100,000 events would otherwise make one page of
    them all. A day cut by the end of a page goes on at the top of the next.
    """

    template_name = "events/home.html"
    context_object_name = "events"
    paginate_by = EVENTS_PER_PAGE

    def page_keys(self, context):
        return keys.shown(keys.HOME, events=context["events"])

    def get_queryset(self):
        return home_queries.latest_events(self.visible_events())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["days"] = home_queries.by_day(context["events"], self.visible_events())
        context["years"] = home_queries.years_with_events(self.visible_events())
        return context


class YearView(ArchiveDateMixin, YearArchiveView):
    """The months of a year that have events, with their counts."""

    template_name = "events/event_archive_year.html"

    def page_keys(self, context):
        return [keys.year_key(context["year"])]


class MonthView(ArchiveDateMixin, MonthArchiveView):
    """A calendar of a month: each day with events links to its day page."""

    template_name = "events/event_archive_month.html"

    def page_keys(self, context):
        return [keys.month_key(context["month"])]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        month = context["month"]
        counts = {period.date: period.count for period in context["date_list"]}
        weeks = calendar.Calendar().monthdatescalendar(month.year, month.month)
        context["weeks"] = [
            [(day, counts.get(day, 0)) if day.month == month.month else (None, 0) for day in week]
            for week in weeks
        ]
        context["weekdays"] = list(zip(calendar.day_abbr, calendar.day_name, strict=True))
        context["total"] = sum(counts.values())
        return context


class DayView(PaginationMixin, ArchiveDateMixin, DayArchiveView):
    """The public events of a day in its order, a page of them at a time, with links to the
    days before and after."""

    template_name = "events/event_archive_day.html"
    context_object_name = "events"
    paginate_by = EVENTS_PER_PAGE

    def page_keys(self, context):
        return keys.day_page(context["day"], context["events"])

    def get_dated_queryset(self, **lookup):
        day = lookup[self.date_field]
        start = max(self.requested_page() - 1, 0) * self.paginate_by
        page = slice(start, start + self.paginate_by)
        found = day_listing(self.visible_condition(), day, page)
        if not found.total:
            raise Http404("No events on this day.")
        self.remember_neighbours(day, "day", (found.previous_day, found.next_day))
        # The paginator checks the page number against the day's count (a 400 past the last).
        return DayPage(found, page)

    # The day page links up to its month; skip the two queries Django's day view spends on
    # finding the neighbouring months.
    def get_previous_month(self, date):
        return None

    def get_next_month(self, date):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["first"] = context["events"][0]  # what the page's description shows
        context["structured_data"] = structured_data.day_page(
            self.request, context["day"], context["events"]
        )
        return context


class EventView(ArchiveDateMixin, DateDetailView):
    """One event; staff may also open a draft here (see `VisibleEventsMixin`)."""

    template_name = "events/event_detail.html"
    context_object_name = "event"
    preview_drafts = True

    def page_keys(self, context):
        linked = [link.target for link in context["related_links"] if link.target]
        topic_ids = [topic.pk for topic in context["topics"]]
        return keys.event_page(context["event"], linked + context["next_events"], topic_ids)

    def get_queryset(self):
        return event_queries.for_event_page(self.visible_events())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = context["event"]
        parts = event_queries.parts_of(event)
        context.update(parts)
        context["structured_data"] = structured_data.news_article(
            self.request, event, topics=parts["topics"], sources=parts["sources"]
        )
        return context


class TopicIndexView(PaginationMixin, VisibleEventsMixin, ListView):
    """Every topic that has public events, alphabetically, with counts."""

    template_name = "events/topic_list.html"
    context_object_name = "topics"
    paginate_by = TOPICS_PER_PAGE

    def page_keys(self, context):
        return [keys.TOPIC_INDEX]

    def get_queryset(self):
        return TopicIndex(self.visible_condition())


class EventListMixin:
    """A page of events (topic, search), each with its outlets and topics."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = listing.with_outlets_and_topics(context["object_list"])
        context.update(object_list=events, events=events)
        return context


class TopicView(EventListMixin, PaginationMixin, VisibleEventsMixin, ListView):
    """A topic's timeline, newest first."""

    template_name = "events/topic_detail.html"
    context_object_name = "events"
    paginate_by = EVENTS_PER_LIST_PAGE

    def page_keys(self, context):
        return keys.topic_page(self.topic.pk, context["events"])

    def get_queryset(self):
        timeline = TopicTimeline(self.visible_events(), self.kwargs["slug"])
        if timeline.topic is None:
            raise Http404("No such topic.")
        self.topic = timeline.topic
        return timeline

    def get_context_data(self, **kwargs):
        context = super().get_context_data(topic=self.topic, **kwargs)
        # A topic whose events are all drafts does not exist for the public: even its name
        # could give a draft away.
        if context["paginator"].count == 0:
            raise Http404("No public events have this topic.")
        return context


class SearchView(EventListMixin, PaginationMixin, VisibleEventsMixin, ListView):
    """Search with filters; invalid filters are a 400 showing each field's error."""

    template_name = "events/search.html"
    context_object_name = "events"
    paginate_by = EVENTS_PER_LIST_PAGE

    def page_keys(self, context):
        return [keys.SEARCH]

    def get(self, request, *args, **kwargs):
        visible = self.visible_events().order_by("-date", "position", "pk")
        self.filterset = EventFilter(request.GET or None, queryset=visible, request=request)
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and self.filterset.errors:
            response.status_code = 400
        return response

    def get_queryset(self):
        if not (self.filterset.is_valid() and self.filterset.has_criteria):
            return Event.objects.none()
        return listing.for_listing(self.filterset.qs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)
