"""Field lengths the archive's values must fit, read from the models so they never drift."""

from dataclasses import dataclass
from functools import cache

from events.models import Event, Related, Topic
from sources.models import Source


@dataclass(frozen=True)
class Limits:
    slug: int
    headline: int
    url: int
    source_name: int
    related_headline: int
    related_path: int
    context: int
    topic_name: int
    snapshot_title: int


@cache
def limits() -> Limits:
    def length(model, name):
        return model._meta.get_field(name).max_length

    return Limits(
        slug=length(Event, "slug"),
        headline=length(Event, "headline"),
        url=min(length(Source, "url"), length(Event, "cover_image_url")),
        source_name=length(Source, "name"),
        related_headline=length(Related, "target_headline"),
        related_path=length(Related, "target_path"),
        context=length(Related, "context"),
        topic_name=length(Topic, "name"),
        snapshot_title=length(Source, "snapshot_title"),
    )
