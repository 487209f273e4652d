"""Print the pages the benchmark loads, one per line: name, path, description (tab-separated).

Run with the benchmark's settings: `python -m bench.web.pages`.
"""

import django

django.setup()

import datetime  # noqa: E402
import re  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

from django.db.models import Count  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.generate_archive import COMMON_WORDS  # noqa: E402
from events.models import Event, Related, Topic  # noqa: E402
from events.public.search import matching, parse  # noqa: E402

EVENTS_PER_LIST_PAGE = 20
# How many events the benchmark's search matches: a few pages to a few hundred.
SEARCH_MATCHES = (40, 1000)
API_PAGE = 50


def middle(items):
    return items[len(items) // 2]


def typical_day():
    """A day with the most common number of events, from the middle of the archive."""
    per_day = list(
        Event.objects.published().order_by().values("date").annotate(n=Count("pk")).order_by("date")
    )
    counts = [row["n"] for row in per_day]
    usual = max(set(counts), key=counts.count)
    return middle([row for row in per_day if row["n"] == usual])


def full_event(day) -> Event:
    """An event of that day with sources, topics and the most related links."""
    return (
        Event.objects.published()
        .filter(date=day, sources__isnull=False, topics__isnull=False)
        .annotate(links=Count("related_links", distinct=True))
        .order_by("-links", "position")
        .first()
    )


def typical_topic() -> Topic:
    """A topic of median size among those that fill at least one page (among all of them in an
    archive too small for any to fill one: `make bench-smoke`'s)."""
    published = Event.objects.published()
    every = sorted(
        Topic.objects.filter(tagged_events__content_object__in=published)
        .annotate(count=Count("tagged_events"))
        .order_by("name", "pk"),
        key=lambda t: t.count,
    )
    return middle([t for t in every if t.count >= EVENTS_PER_LIST_PAGE] or every)


def two_words(headline: str) -> tuple[str, int]:
    """A two-word search from a headline, as a reader looking for a story types it: two
    neighbouring words of it, not the commonest, that together match a few pages of events
    (the first such pair; else the last pair tried). Returns the words and their matches."""
    words = [w for w in re.findall(r"[a-z]+", headline.lower()) if w not in COMMON_WORDS]
    for pair in zip(words, words[1:], strict=False):
        text = " ".join(pair)
        count = match_count(text)
        if SEARCH_MATCHES[0] <= count <= SEARCH_MATCHES[1]:
            break
    return text, count


# A word no generated headline holds, nor anything close to it.
ABSENT_WORD = "xqzvyk"


def transposed(word: str) -> str:
    """`word` with two of its middle letters swapped: a typing slip ("earthqauke")."""
    middle = len(word) // 2
    return word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 :]


def match_count(query: str) -> int:
    """How many public events the search `query` matches."""
    return matching(Event.objects.published(), parse(query)).count()


def api_range(day: datetime.date) -> tuple[datetime.date, datetime.date, int]:
    """A range of days around `day` holding at least a full API page of public events."""
    for reach in (3, 7, 15, 31, 92, 366):
        start, end = day - datetime.timedelta(days=reach), day + datetime.timedelta(days=reach)
        count = Event.objects.published().filter(date__range=(start, end)).count()
        if count >= API_PAGE:
            return start, end, count
    return start, end, count


def main():
    day = typical_day()
    event = full_event(day["date"])
    topic = typical_topic()
    date = day["date"]
    day_url = reverse(
        "events:day", kwargs={"year": date.year, "month": date.month, "day": date.day}
    )
    links = Related.objects.filter(event=event).count()
    lines = [
        ("day", day_url, f"{day['n']} events on {date.isoformat()}"),
        (
            "event",
            event.get_absolute_url(),
            f"{event.sources.count()} sources, {event.topics.count()} topics, {links} related",
        ),
        ("topic", topic.get_absolute_url(), f"{topic.count} events, first page of 20"),
    ]
    month = Event.objects.published().filter(date__year=date.year, date__month=date.month)
    lines.append(
        (
            "month",
            reverse("events:month", kwargs={"year": date.year, "month": date.month}),
            f"{month.count()} events in {date:%B %Y}, the first page of their headlines",
        )
    )
    words, count = two_words(event.headline)
    search = reverse("events:search") + "?"
    lines.append(("search", search + urlencode({"q": words}), f"q={words!r}, {count} matches"))
    phrase = f'"{words}"'
    count = match_count(phrase)
    lines.append(
        ("search phrase", search + urlencode({"q": phrase}), f"q={phrase!r}, {count} matches")
    )
    misspelt = f"{transposed(words.split()[0])} {words.split()[1]}"
    lines.append(
        (
            "search suggestion",
            search + urlencode({"q": misspelt}),
            f"q={misspelt!r}, {match_count(misspelt)} matches: a misspelt word, a suggestion",
        )
    )
    most = f"{words} {ABSENT_WORD}"
    lines.append(
        (
            "search most words",
            search + urlencode({"q": most}),
            f"q={most!r}: no event has all three, those with two are listed",
        )
    )
    start, end, count = api_range(date)
    query = urlencode({"date_from": start, "date_to": end, "limit": API_PAGE})
    lines.append(
        ("api", reverse("api:events") + "?" + query, f"first {API_PAGE} of {count} events")
    )
    lines.append(("topics", reverse("events:topics"), "the index of topics, by name, first page"))
    for line in lines:
        print("\t".join(line))


if __name__ == "__main__":
    main()
