"""Public pages. Every query starts from Event.objects.published()."""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from .models import Event, Topic


def public_events():
    return Event.objects.published().prefetch_related("sources", "topics", "related_links")


class HomeView(ListView):
    template_name = "events/home.html"
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        return public_events()


class DayView(ListView):
    template_name = "events/event_archive_day.html"
    context_object_name = "events"

    def get_queryset(self):
        try:
            self.day = datetime.date(self.kwargs["year"], self.kwargs["month"], self.kwargs["day"])
        except ValueError as error:
            raise Http404("No such date.") from error
        events = public_events().filter(date=self.day).order_by("position", "id")
        if not events.exists():
            raise Http404("No events on this day.")
        return events

    def get_context_data(self, **kwargs):
        return super().get_context_data(day=self.day, **kwargs)


class EventView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_object(self, queryset=None):
        try:
            day = datetime.date(self.kwargs["year"], self.kwargs["month"], self.kwargs["day"])
        except ValueError as error:
            raise Http404("No such date.") from error
        return get_object_or_404(public_events(), date=day, slug=self.kwargs["slug"])


class TopicView(ListView):
    template_name = "events/topic_detail.html"
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return public_events().filter(topics=self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)
