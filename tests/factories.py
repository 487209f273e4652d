"""factory_boy factories for the archive's models."""

import datetime

import factory

from events.models import Event, Related
from events.slugs import archive_slug
from sources.models import Source


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    date = datetime.date(2012, 2, 8)
    headline = factory.Sequence(lambda n: f"Event number {n} happens somewhere.")
    slug = factory.LazyAttribute(lambda e: archive_slug(e.headline))
    summary = ""
    status = Event.Status.PUBLISHED
    position = factory.Sequence(int)

    @factory.post_generation
    def topics(self, create, names, **kwargs):
        if create and names:
            self.topics.add(*names)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    event = factory.SubFactory(EventFactory)
    position = factory.Sequence(int)
    name = "BBC"
    url = factory.Sequence(lambda n: f"https://www.bbc.co.uk/news/{n}")


class RelatedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Related

    event = factory.SubFactory(EventFactory)
    position = factory.Sequence(int)
    target_path = "/news/2012/09/5/some-later-event.md"
    target_headline = "Some later event."
    context = "Chongqing"


def event_with_details(date, *, topics=("Chongqing",), sources=2, related=1, **fields):
    """A published event as the public pages show it: summary, cover, sources, topics, links."""
    fields.setdefault("summary", "First paragraph.\n\nSecond paragraph.")
    fields.setdefault("cover_image_url", "https://images.example.org/cover.jpg")
    event = EventFactory(date=date, topics=list(topics), **fields)
    for position in range(sources):
        SourceFactory(event=event, position=position)
    for position in range(related):
        RelatedFactory(event=event, position=position)
    return event
