"""Atom feeds: the latest public events, and the latest of each topic; and, for a browser, a
page per feed that says how to follow it (`FollowView`).

An entry's `<updated>` is when the event last changed in the CMS (its newest revision), or,
for an event never edited there (imported), its own date: the import's time says nothing
about the event. Feeds send no `Last-Modified`, as no page does (docs/serving.md).
"""

import contextvars
import datetime

from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.db import connections
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.views.generic import TemplateView
from reversion.models import Version

from ..http_cache import keys
from ..http_cache.headers import tell
from ..models import Event, Topic, carries_publicly
from .mixins import VisibleEventsMixin
from .queries.home import latest_dates

FEED_SIZE = 50
FEED_FIELDS = ("date", "position", "slug", "headline", "summary", "updated_at")
# The request a feed is being made for: Django's Feed asks for its items without it, and the
# response must say which events it shows.
_request = contextvars.ContextVar("feed_request")


def newest(events, date: str = "date"):
    """The feed's `FEED_SIZE` entries, newest first (by `date`: the events' own, or the same
    copied on a row the query joins, whose index gives that order)."""
    return (
        events.only(*FEED_FIELDS)
        .annotate(last_edited=last_cms_change())
        .order_by(f"-{date}", "position", "pk")[:FEED_SIZE]
    )


def newest_public(events):
    """The latest events' feed: `newest` of every public event. On SQLite, of those of its
    latest dates (at most one per entry, read from the date index): asked at once, SQLite takes
    the publish-time index for the public condition and sorts every public event (331 ms
    against 3.8 ms at 100,000 events, `make bench-scale`'s "latest feed" database, median of
    5). PostgreSQL reads the date index in order either way, and the extra statement costs it
    (2.6 ms against 6.0 ms at 100,000 events)."""
    if connections[events.db].vendor == "sqlite":
        since = latest_dates(events, FEED_SIZE)[-1:]
        events = events.filter(date__gte=since[0] if since else datetime.date.max)
    return newest(events)


def last_cms_change():
    """When each event's newest revision was made: every CMS change records one, the
    importer none (events.editorial.revisions)."""
    revisions = Version.objects.filter(
        content_type=ContentType.objects.get_for_model(Event),
        object_id=Cast(OuterRef("pk"), CharField()),
    ).order_by("-revision__date_created")
    return Subquery(revisions.values("revision__date_created")[:1])


def shown(events, *own_keys: str) -> list[Event]:
    """The feed's entries; its response carries their keys: an edit of one purges it, an edit
    of another event does not (a feed's own `<updated>` is its newest entry's)."""
    events = list(events)
    tell(_request.get(), keys.shown(keys.FEEDS, *own_keys, events=events))
    return events


def midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


class LatestEventsFeed(Feed):
    feed_type = Atom1Feed
    title = "Newsroom: latest events"
    subtitle = "The newest events of the news archive."
    link = reverse_lazy("events:home")
    author_name = "Newsroom"

    def items(self):
        # The newest events, as the home lists them: whatever changes that list purges both.
        return shown(newest_public(Event.objects.published()), keys.HOME)

    def __call__(self, request, *args, **kwargs):
        token = _request.set(request)
        try:
            response = super().__call__(request, *args, **kwargs)
        finally:
            _request.reset(token)
        # Django's feeds add it; one-second steps would let a stale copy pass a revalidation.
        del response.headers["Last-Modified"]
        return response

    def item_title(self, event):
        return event.headline

    def item_description(self, event):
        # Atom readers treat the summary as HTML: escape the plain text, keep its paragraphs.
        # No summary, no <summary> element (rather than an empty paragraph).
        if not event.summary.strip():
            return None
        return linebreaks_filter(event.summary, autoescape=True)

    def item_pubdate(self, event):
        return midnight(event.date)

    def item_updateddate(self, event):
        return event.last_edited or midnight(event.date)


class TopicFeed(LatestEventsFeed):
    def get_object(self, request, slug):
        topic = get_object_or_404(Topic.objects.only("name", "slug"), slug=slug)
        # As on the topic page: a topic with no public events is not public either.
        if not self.events_of(topic).exists():
            raise Http404("No public events have this topic.")
        return topic

    def events_of(self, topic):
        """Its public events, each once, read along its rows' date index (not a list of
        every event of the topic to match against the events)."""
        return Event.objects.published().filter(carries_publicly(topic.pk))

    def title(self, topic):
        return f"Newsroom: {topic.name}"

    def subtitle(self, topic):
        return f"The newest events about {topic.name}."

    def link(self, topic):
        return topic.get_absolute_url()

    def feed_url(self, topic):
        return reverse("events:topic_feed", kwargs={"slug": topic.slug})

    def items(self, topic):
        # The topic's newest events, as its page lists them.
        # As `newest`, in the order of the topic's rows' index: the big topic's feed at
        # 100,000 events (`make bench-scale`), 761 -> N ms on SQLite.
        events = newest(self.events_of(topic), date="topic_rows__event_date")
        return shown(events, keys.topic_key(topic.pk))


class FollowView(VisibleEventsMixin, TemplateView):
    """How to follow a feed, as a page a browser shows: its address to copy into a feed reader,
    what it carries, the other feeds. The site links readers here, not to the Atom itself,
    which a browser shows as raw XML (an XSLT stylesheet would dress it up, but browsers are
    removing XSLT: Chromium 156 already covers such a page with a warning that it will stop
    working). Feed readers still find the Atom from every page's `<link rel="alternate">`."""

    template_name = "events/follow.html"

    def page_keys(self, context):
        # The page names its topic (renamed: purged; its last public event gone: purged).
        topic = context["topic"]
        return [keys.FEEDS, *([keys.topic_key(topic.pk)] if topic else [])]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slug = self.kwargs.get("slug")
        topic = TopicFeed().get_object(self.request, slug) if slug is not None else None
        feed = (
            reverse("events:topic_feed", kwargs={"slug": topic.slug})
            if topic
            else reverse("events:latest_feed")
        )
        context.update(
            topic=topic,
            feed_path=feed,
            feed_address=self.request.build_absolute_uri(feed),
            feed_size=FEED_SIZE,
        )
        return context
