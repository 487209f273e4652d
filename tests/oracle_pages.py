"""Every public page and API answer of the oracle's archive, fetched as a reader would, with
what a shared cache keeps them under (tests/test_write_oracle.py).

The addresses are every public URL pattern (events/public/urls.py, sources/urls.py,
events/api/urls.py, the sitemaps) filled in for every object the example has had so far: an
event deleted or moved, a topic renamed or merged away, still has its old addresses fetched,
so a page turning into a 404 or a redirect is compared too.
"""

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from django.test import Client

from events.models import Event, Topic
from events.paths import day_path, event_path
from sources.models import Outlet, Source

S_MAXAGE = re.compile(r"s-maxage=(\d+)")
SITEMAP_LOC = re.compile(r"<loc>([^<]+)</loc>")
WORD = re.compile(r"[A-Za-z]{4,}")
# Per-request values a page might carry; none is expected (the first step checks that two
# fetches with no write between them are byte for byte the same).
NOISE = [re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"'), re.compile(rb'nonce="[^"]*"')]


@dataclass(frozen=True)
class Answer:
    """One response as a shared cache would keep it."""

    status: int
    body: bytes
    keys: frozenset
    s_maxage: int | None
    location: str
    fetched_at: datetime.datetime

    def expired_by(self, now: datetime.datetime) -> bool:
        """Whether a shared cache would have let it go by `now` (its `s-maxage` ran out)."""
        if self.s_maxage is None:
            return True
        return self.fetched_at + datetime.timedelta(seconds=self.s_maxage) <= now

    def same_as(self, other: "Answer") -> bool:
        return (self.status, self.location, self.body) == (other.status, other.location, other.body)


def fetch(client: Client, path: str, now: datetime.datetime) -> Answer:
    client.cookies.clear()  # a reader with no session: what a shared cache may keep
    response = client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    for noise in NOISE:
        body = noise.sub(b"", body)
    cache_control = response.headers.get("Cache-Control", "")
    found = S_MAXAGE.search(cache_control)
    return Answer(
        status=response.status_code,
        body=body,
        keys=frozenset(response.headers.get("xkey", "").split()),
        s_maxage=int(found.group(1)) if found else None,
        location=response.headers.get("Location", ""),
        fetched_at=now,
    )


@dataclass
class Addresses:
    """What the example has had so far, to fill the URL patterns in with."""

    withdrawn_since: str
    events: dict = field(default_factory=dict)  # pk -> {(date, slug), ...}
    topics: set = field(default_factory=set)
    topic_letters: set = field(default_factory=set)
    outlets: set = field(default_factory=set)
    sources: set = field(default_factory=set)
    words: set = field(default_factory=set)
    sitemap_sections: set = field(default_factory=set)

    def learn(self) -> None:
        for pk, date, slug, headline in Event.objects.values_list("pk", "date", "slug", "headline"):
            self.events.setdefault(pk, set()).add((date, slug))
            self.words.add(search_word(headline))
        for slug, name in Topic.objects.values_list("slug", "name"):
            self.topics.add(slug)
            self.topic_letters.add(name[:1].upper())
        self.outlets.update(Outlet.objects.values_list("domain", flat=True))
        self.sources.update(Source.objects.values_list("pk", flat=True))
        self.words.discard("")

    def learn_sitemap(self, index: Answer) -> None:
        for loc in SITEMAP_LOC.findall(index.body.decode()):
            address = urlsplit(loc)
            query = f"?{address.query}" if address.query else ""
            self.sitemap_sections.add(address.path + query)

    def paths(self) -> list[str]:
        dates = {date for places in self.events.values() for date, _ in places}
        paths = [
            "/",
            "/on-this-day/",
            "/topics/",
            "/topics/?sort=events",
            *(f"/topics/?letter={letter}" for letter in sorted(self.topic_letters)),
            "/no-such-page/",
            "/feeds/latest/",
            "/outlets/",
            "/sitemap.xml",
            "/robots.txt",
            *sorted(self.sitemap_sections),
            *self._date_paths(dates),
            *self._event_paths(),
            *self._topic_paths(),
            *(f"/outlets/{domain}/" for domain in sorted(self.outlets)),
            *(f"/search/?{urlencode({'q': word})}" for word in sorted(self.words)),
        ]
        return paths + self._api_paths(dates)

    def _date_paths(self, dates) -> list[str]:
        paths = []
        for date in sorted(dates):
            paths += [day_path(date), f"/news/{date:%Y/%m/%d}/", f"/on-this-day/{date:%m-%d}/"]
            paths += [f"/news/{date:%Y}/", f"/news/{date:%Y/%m}/"]
        return list(dict.fromkeys(paths))

    def _event_paths(self) -> list[str]:
        paths = []
        for places in self.events.values():
            for date, slug in sorted(places):
                paths.append(event_path(date, slug))
                paths.append(f"/news/{date:%Y/%m}/{date.day}/{slug}.md")
        return paths

    def _topic_paths(self) -> list[str]:
        return [path for slug in sorted(self.topics) for path in topic_paths(slug)]

    def _api_paths(self, dates) -> list[str]:
        api = "/api/v1"
        paths = [
            f"{api}/events?limit=200",
            f"{api}/events/withdrawn?{urlencode({'since': self.withdrawn_since})}",
            f"{api}/days",
            f"{api}/topics",
            f"{api}/outlets",
            f"{api}/dumps",
        ]
        paths += [f"{api}/days/{date.isoformat()}" for date in sorted(dates)]
        paths += [f"{api}/topics/{slug}" for slug in sorted(self.topics)]
        paths += [f"{api}/outlets/{domain}" for domain in sorted(self.outlets)]
        paths += [f"{api}/sources/{pk}/snapshot" for pk in sorted(self.sources)]
        for pk, places in sorted(self.events.items()):
            paths.append(api_event_path(pk))
            paths += [f"{api}/events/{date.isoformat()}/{slug}" for date, slug in sorted(places)]
        return paths


def topic_paths(slug: str) -> list[str]:
    return [f"/topics/{slug}/", f"/topics/{slug}/feed/"]


def api_event_path(pk: int) -> str:
    return f"/api/v1/events/{pk}"


def search_word(headline: str) -> str:
    """The longest word of a headline: a search for it lists the event."""
    words = WORD.findall(headline)
    return max(words, key=len).lower() if words else ""


def fetch_all(client: Client, addresses: Addresses, now: datetime.datetime) -> dict[str, Answer]:
    answers = {}
    index = answers["/sitemap.xml"] = fetch(client, "/sitemap.xml", now)
    addresses.learn_sitemap(index)
    for path in addresses.paths():
        if path not in answers:
            answers[path] = fetch(client, path, now)
    return answers
