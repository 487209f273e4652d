"""Print, as JSON, what `make bench-day` replays against the served database: every public
address by page kind, most recent first; the searches readers type; the events editors work on.

Run with the served database's settings: `python -m bench.day.addresses`.
"""

import django

django.setup()

import json  # noqa: E402
import re  # noqa: E402
from collections import Counter  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

from django.db.models import Count, Max  # noqa: E402
from django.urls import reverse  # noqa: E402

from events.models import Event, Topic  # noqa: E402

WORD = re.compile(r"[a-z]{3,}")
QUERIES = 3000
HEADLINES_READ = 5000  # headlines spread over the archive, for the searches' words
EDITED_DAYS = 30
MERGE_LIMIT = 500  # topics merged hold fewer events than this
FEED_TOPICS = 200


def day_path(day) -> str:
    return reverse("events:day", kwargs={"year": day.year, "month": day.month, "day": day.day})


def public_addresses(public) -> dict[str, list[str]]:
    """Every public address by page kind, the most recently dated first."""
    days = list(public.order_by("-date").values_list("date", flat=True).distinct())
    months = list(dict.fromkeys((day.year, day.month) for day in days))
    topics = list(
        Topic.objects.filter(tagged_events__content_object__in=public)
        .annotate(latest=Max("tagged_events__event_date"), events=Count("tagged_events"))
        .order_by("-latest", "-events", "pk")
    )
    calendar = list(dict.fromkeys(f"{day:%m-%d}" for day in days))
    return {
        "event": [event.get_absolute_url() for event in public.order_by("-date", "position")],
        "day": [day_path(day) for day in days],
        "home": ["/"],
        "topic": [topic.get_absolute_url() for topic in topics],
        "api": ["/api/v1/events?" + urlencode({"date": day}) for day in days],
        "feed": ["/feeds/latest/"]
        + [topic.get_absolute_url() + "feed/" for topic in topics[:FEED_TOPICS]],
        "month": [f"/news/{year}/{month:02d}/" for year, month in months],
        "on this day": [f"/on-this-day/{day}/" for day in calendar],
    }


def search_queries(public, topic_names: list[str]) -> list[str]:
    """A few thousand searches, the most frequent first: the archive's headline words alone and
    in pairs, and topic names."""
    step = max(1, public.count() // HEADLINES_READ)
    headlines = public.order_by("pk").values_list("headline", flat=True)[::step]
    words = Counter(w for text in headlines for w in WORD.findall(text.lower()))
    ranked = [word for word, _ in words.most_common()]
    queries = dict.fromkeys(ranked[:1000])
    for rank, first in enumerate(ranked[:60]):
        for second in ranked[rank + 1 : rank + 30]:
            queries[f"{first} {second}"] = None
    queries.update(dict.fromkeys(name.lower() for name in topic_names[:1000]))
    # Interleaved by rank: a word, a topic and a pair share the top of the list.
    return list(queries)[:QUERIES]


def edited_events(public) -> list[dict]:
    """Events of the last days with events: the editors' work."""
    days = list(public.order_by("-date").values_list("date", flat=True).distinct()[:EDITED_DAYS])
    return [
        {"pk": pk, "date": str(date), "path": Event(pk=pk, date=date, slug=slug).get_absolute_url()}
        for pk, date, slug in public.filter(date__in=days)
        .order_by("-date", "position")
        .values_list("pk", "date", "slug")
    ]


def main():
    public = Event.objects.published()
    addresses = public_addresses(public)
    by_size = Topic.objects.annotate(n=Count("tagged_events")).order_by("-n", "pk")
    topic_names = list(by_size.values_list("name", flat=True))
    small = list(
        Topic.objects.annotate(n=Count("tagged_events"))
        .filter(n__gt=0, n__lt=MERGE_LIMIT)
        .order_by("-n", "pk")
        .values_list("pk", flat=True)[:40]
    )
    print(
        json.dumps(
            {
                "addresses": addresses,
                "queries": search_queries(public, topic_names),
                "edited": edited_events(public),
                "topic_names": topic_names[:200],
                "small_topics": small,
            }
        )
    )


if __name__ == "__main__":
    main()
