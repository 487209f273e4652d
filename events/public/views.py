"""The public archive's pages. What a request may see is decided in `events.public.mixins`."""

import calendar
import datetime

from django.http import Http404
from django.utils import timezone
from django.views.generic import (
    DateDetailView,
    DayArchiveView,
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)

from ..http_cache import keys
from ..http_cache.headers import keep_until, next_midnight, next_publish_known
from ..models import TaggedEvent
from . import structured_data
from .converters import CalendarDayConverter
from .mixins import (
    ArchiveDateMixin,
    BadPage,
    CountedPaginator,
    PaginationMixin,
    VisibleEventsMixin,
)
from .queries import event as event_queries
from .queries import home as home_queries
from .queries import listing
from .queries import topic_page as topic_queries
from .queries.day import DayPage, day_listing
from .queries.on_this_day import on_this_day
from .queries.topic_index import LETTERS, OTHER, TopicIndex
from .queries.topics import TopicTimeline
from .stories import by_story
from .timeline_chart import timeline_chart
from .topic_filters import TopicIndexForm

# The most events a page lists (a day): a page stays well under 1 MB however busy.
EVENTS_PER_PAGE = 200
EVENTS_PER_LIST_PAGE = 20
# A month lists its events' headlines, this many a page: a busy month's first page stays
# quick to read and to serve; most months fit on one or two.
EVENTS_PER_MONTH_PAGE = 100
EVENTS_PER_ON_THIS_DAY_PAGE = 200
TOPICS_PER_PAGE = 100


class HomeView(VisibleEventsMixin, TemplateView):
    """A front page: the latest days that have events (`FRONT_PAGE_DAYS`), newest first, the
    first `MOST_EVENTS_A_DAY` events of each in the editors' order and a link to the rest,
    beside two boxes: the topics most in the news lately ("Ongoing") and today's day in
    earlier years. Earlier days are a link, a date or a year away.

    The "On this day" box depends on today's date: shared caches keep the page until midnight
    at most. Any write that adds, removes or moves a public event purges the home's key.
    """

    template_name = "events/home.html"

    def page_keys(self, context):
        days = [keys.day_key(day.date) for day in context["days"]]
        # The Ongoing box counts topics as the topic index does: what purges one purges both.
        # The On this day box shows today's calendar day, purged with its page.
        boxes = (keys.TOPIC_INDEX, keys.on_this_day_key(context["today"]))
        shown_events = [event for day in context["days"] for event in day.events]
        shown_events += context["on_this_day"]
        return keys.shown(keys.HOME, *boxes, *days, events=shown_events)

    def get(self, request, *args, **kwargs):
        keep_until(request, next_midnight())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = self.visible_events()
        # One day more than shown: the earlier days' link leads to it.
        dates = home_queries.latest_dates(visible, home_queries.FRONT_PAGE_DAYS + 1)
        shown, earlier = (
            dates[: home_queries.FRONT_PAGE_DAYS],
            dates[home_queries.FRONT_PAGE_DAYS :],
        )
        latest = dates[0] if dates else None
        years = home_queries.years_with_events(visible, latest)
        period = home_queries.ongoing_period(latest)
        today = timezone.localdate()
        context.update(
            days=home_queries.front_page_days(visible, shown),
            earlier_day=earlier[0] if earlier else None,
            years=years,
            ongoing_period=period,
            ongoing=home_queries.ongoing_topics(visible, period) if period else [],
            today=today,
            on_this_day=home_queries.on_this_day_before(visible, today, years),
        )
        return context


class YearView(ArchiveDateMixin, YearArchiveView):
    """The months of a year that have events, with their counts."""

    template_name = "events/event_archive_year.html"

    def page_keys(self, context):
        return [keys.year_key(context["year"])]


class MonthView(PaginationMixin, ArchiveDateMixin, MonthArchiveView):
    """A month: its calendar (each day with events links to its day page), then every event
    of the month by day, paged past `EVENTS_PER_MONTH_PAGE`.

    An overview to skim: each event is its headline, linked to its page; the day and event
    pages show its summary, outlets and topics. So only the fields the list needs are read,
    and no outlets or topics at all.
    """

    template_name = "events/event_archive_month.html"
    context_object_name = "events"
    paginate_by = EVENTS_PER_MONTH_PAGE

    def page_keys(self, context):
        return keys.shown(keys.month_key(context["month"]), events=context["events"])

    def get_dated_queryset(self, **lookup):
        events = super().get_dated_queryset(**lookup)
        return listing.headlines(events.order_by("date", "position", "pk"))

    def get_paginator(self, queryset, per_page, **kwargs):
        # The calendar's counts (Django's date views keep them as `date_list`) give the
        # paginator its count: no COUNT statement.
        total = sum(period.count for period in self.date_list)
        return CountedPaginator(queryset, per_page, total, **kwargs)

    def get_context_data(self, **kwargs):
        counts = {period.date: period.count for period in kwargs["date_list"]}
        context = super().get_context_data(**kwargs)
        month = context["month"]
        weeks = calendar.Calendar().monthdatescalendar(month.year, month.month)
        busiest = max(counts.values(), default=0)
        context["weeks"] = [
            [
                (day, counts.get(day, 0), shade(counts.get(day, 0), busiest))
                if day.month == month.month
                else (None, 0, 0)
                for day in week
            ]
            for week in weeks
        ]
        context["weekdays"] = list(zip(calendar.day_abbr, calendar.day_name, strict=True))
        context["total"] = context["paginator"].count
        return context


CALENDAR_SHADES = 4


def shade(count: int, busiest: int) -> int:
    """How dark a calendar day is shaded, 0 (no events) to `CALENDAR_SHADES` (the busiest
    day's share of the month); its count is written in the day's cell as well."""
    return -(-CALENDAR_SHADES * count // busiest) if count else 0


# The day page's other view: `?view=stories` groups its events by story (events.public.stories).
STORIES_VIEW = "stories"


class DayView(PaginationMixin, ArchiveDateMixin, DayArchiveView):
    """The public events of a day in its order, a page of them at a time, with links to the
    days before and after; or, with `?view=stories`, the same page grouped by story. Both views
    carry the day's keys (a write that changes the day purges both) and name the plain day as
    their canonical address."""

    template_name = "events/event_archive_day.html"
    context_object_name = "events"
    paginate_by = EVENTS_PER_PAGE

    def page_keys(self, context):
        return keys.day_page(context["day"], context["events"])

    def get_dated_queryset(self, **lookup):
        day = lookup[self.date_field]
        start = max(self.requested_page() - 1, 0) * self.paginate_by
        page = slice(start, start + self.paginate_by)
        found = day_listing(
            self.visible_condition(), day, page, public=self.public_where, now=self.now
        )
        if found.events:  # the statement returned rows, and with them the next publish time
            next_publish_known(self.request, found.next_publish, now=self.now)
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
        if self.request.GET.get("view") == STORIES_VIEW:
            context["stories"] = by_story(context["events"])
        context["structured_data"] = structured_data.day_page(
            self.request, context["day"], context["events"]
        )
        return context


class OnThisDayView(PaginationMixin, VisibleEventsMixin, ListView):
    """A calendar day (8 February) in every year, newest first: the one in the address, or
    today's, whose page shared caches keep no later than midnight."""

    template_name = "events/on_this_day.html"
    context_object_name = "events"
    paginate_by = EVENTS_PER_ON_THIS_DAY_PAGE

    def page_keys(self, context):
        return keys.shown(keys.on_this_day_key(context["calendar_day"]), events=context["events"])

    def get(self, request, *args, **kwargs):
        if "calendar_day" not in kwargs:
            keep_until(request, next_midnight())
        return super().get(request, *args, **kwargs)

    @property
    def calendar_day(self) -> datetime.date:
        given = self.kwargs.get("calendar_day")
        if given is not None:
            return given
        today = timezone.localdate()
        return datetime.date(CalendarDayConverter.LEAP_YEAR, today.month, today.day)

    def get_queryset(self):
        return on_this_day(self.visible_events(), self.calendar_day)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = self.calendar_day
        context["events"] = listing.with_outlets_and_topics(context["events"])
        context["calendar_day"] = day
        context["is_today"] = "calendar_day" not in self.kwargs
        context["previous_day"] = day - datetime.timedelta(days=1)
        context["next_day"] = day + datetime.timedelta(days=1)
        # The leap year's neighbours stay within one year: 31 December wraps to 1 January.
        if day == datetime.date(day.year, 12, 31):
            context["next_day"] = day.replace(month=1, day=1)
        if day == datetime.date(day.year, 1, 1):
            context["previous_day"] = day.replace(month=12, day=31)
        return context


class EventView(ArchiveDateMixin, DateDetailView):
    """One event; staff may also open a draft here (see `VisibleEventsMixin`)."""

    template_name = "events/event_detail.html"
    context_object_name = "event"
    preview_drafts = True

    def page_keys(self, context):
        linked = [link.target for link in context["related_links"] if link.target]
        topic_ids = [topic.pk for topic in context["topics"]]
        following = context["next_events"]
        full = len(following) >= event_queries.WHAT_HAPPENED_NEXT_LIMIT
        until = following[-1].date if full else None
        return keys.event_page(context["event"], linked + following, topic_ids, until)

    def get_queryset(self):
        return event_queries.for_event_page(self.visible_events())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = context["event"]
        parts = event_queries.parts_of(event)
        context.update(parts)
        # The days either side that have events: the page carries `n<date>`, which a write
        # purges for the days either side of a day gaining its first or losing its last event.
        context["previous_day"], context["next_day"] = event_queries.neighbouring_days(
            self.visible_events(), event.date
        )
        context["structured_data"] = structured_data.news_article(
            self.request, event, topics=parts["topics"], sources=parts["sources"]
        )
        return context


class TopicIndexView(PaginationMixin, VisibleEventsMixin, ListView):
    """Every topic that has public events, with counts: by name or by number of events,
    narrowed by a piece of the name (a plain GET form) or a first letter (A-Z links)."""

    template_name = "events/topic_list.html"
    context_object_name = "topics"
    paginate_by = TOPICS_PER_PAGE

    def page_keys(self, context):
        return [keys.TOPIC_INDEX]

    def get_queryset(self):
        self.form = TopicIndexForm(self.request.GET)
        if not self.form.is_valid():
            raise BadPage(self.form.problem())
        self.index = TopicIndex(self.form.choice(), now=self.now)
        return self.index

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.form,
            choice=self.form.choice(),
            letters=[*LETTERS, OTHER],
            letters_with_topics=self.index.first_letters(),
            OTHER=OTHER,
        )
        return context


class EventListMixin:
    """A page of events (topic, search), each with its outlets and topics."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = listing.with_outlets_and_topics(context["object_list"])
        context.update(object_list=events, events=events)
        return context


class TopicView(EventListMixin, PaginationMixin, VisibleEventsMixin, ListView):
    """A topic: when it was in the news (a chart of its events per month), its first and
    latest events, the topics that appear with it most, then its events, newest first."""

    template_name = "events/topic_detail.html"
    context_object_name = "events"
    paginate_by = EVENTS_PER_LIST_PAGE

    def page_keys(self, context):
        ends = [event for event in (context["first_event"], context["latest_event"]) if event]
        # A related topic's name and share change with its own list: its key purges this page.
        related = [keys.topic_key(topic.pk) for topic in context["related_topics"]]
        return keys.shown(
            keys.topic_key(self.topic.pk), *related, events=[*context["events"], *ends]
        )

    def get_queryset(self):
        timeline = TopicTimeline(self.visible_events(), self.kwargs["slug"], now=self.now)
        if timeline.topic is None:
            raise Http404("No such topic.")
        self.topic = timeline.topic
        return timeline

    def get_context_data(self, **kwargs):
        context = super().get_context_data(topic=self.topic, **kwargs)
        if self.can_preview_drafts():
            # Each event once, and a topic a link gave only while the linking event is public.
            rows = TaggedEvent.objects.shown_publicly().filter(tag=self.topic)
            topic_events = self.visible_events().filter(pk__in=rows.values("content_object"))
            first, latest = topic_queries.first_and_latest(topic_events)
            months = topic_queries.months_of(topic_events)
        else:  # from the rows' flags: the public's events (events.models.topic_counts)
            public = self.visible_events()
            first, latest = topic_queries.public_first_and_latest(self.topic.pk, public)
            months = topic_queries.public_months(self.topic.pk, self.now)
        # A topic whose events are all drafts does not exist for the public: even its name
        # could give a draft away. Decided from the events read now, not from the stored
        # count alone, so a raw update(status=...) that derived nothing hides it at once.
        if context["paginator"].count == 0 or latest is None:
            raise Http404("No public events have this topic.")
        context.update(
            chart=timeline_chart(months),
            first_event=first,
            latest_event=latest,
            related_topics=topic_queries.related_topics(self.topic.pk, self.visible_condition()),
            latest_for_related=topic_queries.LATEST_FOR_RELATED,
        )
        return context
