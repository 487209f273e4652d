"""Atom feeds: the latest public events, and the latest of each topic."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from ..models import Event, TaggedEvent, Topic

FEED_SIZE = 50
FEED_FIELDS = ("date", "position", "slug", "headline", "summary", "updated_at")


def newest(events):
    return events.only(*FEED_FIELDS).order_by("-date", "position", "pk")[:FEED_SIZE]


class LatestEventsFeed(Feed):
    feed_type = Atom1Feed
    title = "Newsroom: latest events"
    subtitle = "The newest events of the news archive."
    link = reverse_lazy("events:home")
    author_name = "Newsroom"

    def items(self):
        return newest(Event.objects.published())

    def item_title(self, event):
        return event.headline

    def item_description(self, event):
        # Atom readers treat the summary as HTML: escape the plain text, keep its paragraphs.
        return linebreaks_filter(event.summary, autoescape=True)

    def item_pubdate(self, event):
        return datetime.datetime.combine(event.date, datetime.time.min, tzinfo=datetime.UTC)

    def item_updateddate(self, event):
        return event.updated_at


class TopicFeed(LatestEventsFeed):
    def get_object(self, request, slug):
        topic = get_object_or_404(Topic.objects.only("name", "slug"), slug=slug)
        # As on the topic page: a topic with no public events is not public either.
        if not self.events_of(topic).exists():
            raise Http404("No public events have this topic.")
        return topic

    def events_of(self, topic):
        tagged = TaggedEvent.objects.counted_publicly().filter(tag=topic).values("content_object")
        return Event.objects.published().filter(pk__in=tagged)

    def title(self, topic):
        return f"Newsroom: {topic.name}"

    def subtitle(self, topic):
        return f"The newest events about {topic.name}."

    def link(self, topic):
        return topic.get_absolute_url()

    def feed_url(self, topic):
        return reverse("events:topic_feed", kwargs={"slug": topic.slug})

    def items(self, topic):
        return newest(self.events_of(topic))
