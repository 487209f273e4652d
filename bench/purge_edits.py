"""bench/purge_counts.py's pages and edits (run with Django set up): the pages a cache holds,
with their surrogate keys, and one edit of a kind, with the keys its purge names."""

import datetime
import re
from collections import Counter
from urllib.parse import urlencode

from django.db.models import Count
from django.test import Client

from events.editorial.day_order import reorder_day
from events.editorial.workflow import set_status
from events.models import Event, PendingPurge, Topic
from sources.models import Source

WORD = re.compile(r"[a-z]{3,}")
FIXES = ("Government", "Minister", "Report", "Council", "Storm", "Talks")


def recent_days(count: int) -> list[datetime.date]:
    dates = Event.objects.published().order_by("-date").values_list("date", flat=True)
    return sorted(set(dates.distinct()[:count]))


def held_pages(days, topics: int, queries: int, rng, story_topics: int = 0):
    """Every page held, by path: its surrogate keys."""
    client = Client()
    paths = ["/", "/topics/", "/feeds/latest/", "/sitemap.xml", "/outlets/", "/on-this-day/"]
    paths += ["/api/v1/days", "/api/v1/topics", "/api/v1/outlets", "/api/v1/events"]
    paths += ["/api/v1/events?ordering=-updated"]
    for day in days:
        paths += [f"/news/{day.year}/", f"/news/{day.year}/{day:%m}/", _day(day)]
        paths.append("/api/v1/events?" + urlencode({"date": day}))
        for event in Event.objects.published().filter(date=day):
            paths.append(event.get_absolute_url())
    for topic in biggest_topics(topics):
        paths += [topic.get_absolute_url(), topic.get_absolute_url() + "feed/"]
    stories = Event.objects.published().filter(topics__in=biggest_topics(story_topics))
    paths += [event.get_absolute_url() for event in stories.distinct()]
    for query in search_queries(queries, rng):
        paths.append("/search/?" + urlencode({"q": query}))
        paths.append("/api/v1/events?" + urlencode({"q": query}))
    pages, statuses = {}, Counter()
    for path in dict.fromkeys(paths):
        response = client.get(path, HTTP_X_FORWARDED_PROTO="https")
        statuses[response.status_code] += 1
        pages[path] = frozenset(response.get("xkey", "").split())
    print("answers: " + ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items())))
    return pages


def _day(day) -> str:
    return f"/news/{day.year}/{day:%m}/{day.day}/"


def biggest_topics(count: int):
    return Topic.objects.annotate(n=Count("tagged_events")).order_by("-n", "pk")[:count]


def search_queries(count: int, rng) -> list[str]:
    """`count` searches, Zipf-distributed over words of the archive's headlines: one word,
    two words, a prefix."""
    public = Event.objects.published()
    step = max(1, public.count() // 3000)  # 3,000 headlines spread over the archive
    headlines = public.order_by("pk").values_list("headline", flat=True)[::step]
    words = Counter(w for text in headlines for w in WORD.findall(text.lower()))
    ranked = [word for word, _ in words.most_common()]
    weights = [1 / rank for rank in range(1, len(ranked) + 1)]
    found = set()
    while len(found) < count and len(found) < len(ranked) ** 2:
        first, second = rng.choices(ranked, weights, k=2)
        shape = rng.random()
        found.add(first if shape < 0.6 else f"{first[:4]}*" if shape < 0.7 else f"{first} {second}")
    return sorted(found)


def make_edit(kind: str, days, rng) -> set[str]:
    """One edit of `kind` on an event of `days`: the keys its purge names."""
    event = rng.choice(list(Event.objects.published().filter(date__in=days)))
    if kind == "publish":
        set_status(Event.objects.filter(pk=event.pk), Event.Status.DRAFT, user=None)
    PendingPurge.objects.all().delete()
    if kind == "headline":
        event.headline = _fixed(event.headline, rng)
        event.save()
    elif kind == "summary":
        event.summary = _fixed(event.summary, rng)
        event.save()
    elif kind == "topic":
        event.topics.add(rng.choice(list(biggest_topics(50))))
    elif kind == "source":
        Source.objects.create(event=event, url=f"https://news.example/{rng.random()}", name="X")
    elif kind == "publish":
        set_status(Event.objects.filter(pk=event.pk), Event.Status.PUBLISHED, user=None)
    elif kind == "reorder":
        ids = list(Event.objects.filter(date=event.date).order_by("position", "pk"))
        versions = {e.pk: e.lock_version for e in ids}
        reorder_day(event.date, [e.pk for e in reversed(ids)], versions, user=None)
    return {key for row in PendingPurge.objects.all() for key in row.keys.split()}


def _fixed(text: str, rng) -> str:
    """A typo fixed: one word of `text` changed."""
    words = text.split()
    if not words:
        return rng.choice(FIXES)
    words[rng.randrange(len(words))] = rng.choice(FIXES)
    return " ".join(words)
