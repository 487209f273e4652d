"""Rows as the API's JSON objects (see `schemas`), with absolute addresses.

Addresses are reversed once per process (events.paths, `api_path` below) and made absolute
with the request's own scheme and host, worked out once per response.

Endpoints answer with `json_response(data)`: plain dicts of JSON types, encoded once. Having
django-ninja check each answer against its schema again cost twice the rest of a 50-event
page; the schema stays the contract, and Schemathesis checks that the answers keep it.
"""

from functools import lru_cache
from urllib.parse import urlencode

import orjson
from django.http import HttpResponse
from django.urls import reverse

from ..models import split_context
from ..paths import day_path, event_path, topic_path
from .queries import changed_at

NAMESPACE = "api"


@lru_cache(maxsize=20_000)
def api_path(name: str, **kwargs) -> str:
    return reverse(f"{NAMESPACE}:{name}", kwargs=kwargs)


def api_root() -> str:
    return api_path("api-root")


def json_response(data: dict) -> HttpResponse:
    # orjson: 0.7 ms -> 0.1 ms for a 50-event page (80 KB) against the standard library's
    # encoder; UTF-8 out, as the content type says.
    return HttpResponse(orjson.dumps(data), content_type="application/json; charset=utf-8")


def iso(value) -> str | None:
    """A date or an aware moment as RFC 3339 text (UTC moments end in Z)."""
    if value is None:
        return None
    return value.isoformat().replace("+00:00", "Z")


class Addresses:
    """Absolute addresses for one response."""

    def __init__(self, request):
        self.request = request
        self.base = request.build_absolute_uri("/")[:-1]

    def absolute(self, path: str) -> str:
        return self.base + path

    def page(self, results: list, cursor: str | None) -> HttpResponse:
        """A list's page as every list endpoint answers it: its results, and the address and
        cursor of the next page (None after the last)."""
        return json_response(
            {"results": results, "next": self.next_page(cursor), "next_cursor": cursor}
        )

    def next_page(self, cursor: str | None) -> str | None:
        """This list's address with `cursor` in place of the current one."""
        if cursor is None:
            return None
        query = self.request.GET.copy()
        query["cursor"] = cursor
        return self.absolute(self.request.path) + "?" + query.urlencode()

    def topic(self, name: str, slug: str) -> dict:
        return {
            "name": name,
            "slug": slug,
            "url": self.absolute(topic_path(slug)),
            "api_url": self.absolute(api_path("topic", slug=slug)),
        }

    def listed_event(self, event) -> dict:
        """An event as lists show it: `event` has `listed_outlets` and `listed_topics`."""
        return {
            **self._event_fields(event),
            # Name and slug only: a page lists hundreds of topics, and the addresses of each
            # would double the page (`/api/v1/topics/{slug}` has them).
            "topics": [{"name": topic.name, "slug": topic.slug} for topic in event.listed_topics],
            "sources": [{"outlet": name, "url": url} for name, url in event.listed_outlets],
        }

    def _event_fields(self, event) -> dict:
        return {
            "id": event.id,
            "date": iso(event.date),
            "position": event.position,
            "slug": event.slug,
            "headline": event.headline,
            "summary": event.summary,
            "cover_image_url": event.cover_image_url or None,
            "url": self.absolute(event_path(event.date, event.slug)),
            "api_url": self.absolute(api_path("event", id=event.id)),
            "published_at": iso(event.publish_at),
            "updated_at": iso(changed_at(event)),
        }

    def event(self, event, *, topics, sources, related) -> dict:
        """An event with everything it has: topics, sources with snapshots, related links."""
        return {
            **self._event_fields(event),
            "topics": [self.topic(topic.name, topic.slug) for topic in topics],
            "sources": [self.source(source) for source in sources],
            "related": [self.related(link) for link in related],
        }

    def source(self, source) -> dict:
        snapshot = api_path("snapshot", id=source.pk) if source.has_snapshot else None
        return {
            "outlet": source.name,
            "url": source.url,
            "has_snapshot": source.has_snapshot,
            "snapshot_url": self.absolute(snapshot) if snapshot else None,
        }

    def related(self, link) -> dict:
        target = link.target
        return {
            "resolved": target is not None,
            "headline": target.headline if target else link.target_headline,
            "archive_path": link.target_path,
            "context": split_context(link.context),
            "id": target.pk if target else None,
            "url": self.absolute(event_path(target.date, target.slug)) if target else None,
            "api_url": self.absolute(api_path("event", id=target.pk)) if target else None,
        }

    def day(self, date, count: int) -> dict:
        return {
            "date": iso(date),
            "count": count,
            "url": self.absolute(day_path(date)),
            "api_url": self.absolute(api_path("day", date=date.isoformat())),
        }

    def topic_with_count(self, topic) -> dict:
        events = api_path("events") + "?" + urlencode({"topic": topic.slug})
        return {
            **self.topic(topic.name, topic.slug),
            "count": topic.count,
            "events_url": self.absolute(events),
        }

    def outlet(self, outlet) -> dict:
        """An outlet with `count` (public events citing it) and `public_source_count`
        (events.models.outlet_flags.public_outlet_counts)."""
        events = api_path("events") + "?" + urlencode({"outlet": outlet.domain})
        return {
            "id": outlet.pk,
            "domain": outlet.domain,
            "name": outlet.display_name,
            "count": outlet.count,
            "sources": outlet.public_source_count,
            "url": self.absolute(outlet.get_absolute_url()),
            "api_url": self.absolute(api_path("outlet", ref=outlet.domain)),
            "events_url": self.absolute(events),
        }
