"""The topic and the outlet a search's words name ("Syria", "BBC"), to offer their pages above
the results: a topic by its name (any case) or address, an outlet by its name or domain, each
with its number of public events. A few index lookups and two counts: only the named topic's
rows and the named outlet's sources are read."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.text import slugify

from sources.models import Outlet, Source

from ...models import TaggedEvent, Topic


@dataclass(frozen=True)
class NamedPage:
    kind: str  # "topic" or "outlet"
    name: str
    key: str  # the topic's slug, the outlet's domain
    count: int


def pages_named(visible, text: str) -> list[NamedPage]:
    """The topic and the outlet called `text`, those that have visible events."""
    text = " ".join(text.split())
    if not text:
        return []
    return [page for page in (topic_named(visible, text), outlet_named(visible, text)) if page]


def topic_named(visible, text: str) -> NamedPage | None:
    rows = TaggedEvent.objects.of_public_events()
    topic = (
        Topic.objects.filter(Q(name__iexact=text) | Q(slug=slugify(text)))
        .filter(Exists(rows.filter(tag=OuterRef("pk"))))
        .only("name", "slug")
        .order_by("pk")
        .first()
    )
    if topic is None:
        return None
    shown = TaggedEvent.objects.shown_publicly().filter(tag=topic)
    count = visible.filter(pk__in=shown.values("content_object")).count()
    return NamedPage("topic", topic.name, topic.slug, count) if count else None


def outlet_named(visible, text: str) -> NamedPage | None:
    outlet = (
        Outlet.objects.current()
        .filter(Q(name__iexact=text) | Q(domain=text.lower()))
        .order_by("pk")
        .first()
    )
    if outlet is None:
        return None
    cites = Source.objects.filter(outlet=outlet, event=OuterRef("pk"))  # as its page counts
    count = visible.filter(Exists(cites)).count()
    return NamedPage("outlet", outlet.display_name, outlet.domain, count) if count else None
