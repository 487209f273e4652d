"""No public page lists more than 200 events nor weighs over 1 MB, however busy a day is:
the day page pages with ?page=, the home shows at most 25 events a day, the other listings
were paged already, the sitemap's sections are small enough."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event, TaggedEvent, Topic
from events.public.sitemaps import URLS_PER_SECTION

pytestmark = pytest.mark.django_db

DAY = datetime.date(2012, 2, 8)
BUSY = 450
MOST_EVENTS = 200
MOST_BYTES = 1_000_000
# Long enough that the whole day on one page would weigh more than 1 MB.
SUMMARY = "A long summary of what happened, with every detail a reader might want. " * 35


@pytest.fixture
def busy_day():
    """A day of 450 public events, each with a 2.5 KB summary and a topic they all share."""
    events = Event.objects.bulk_create(
        Event(
            date=DAY,
            position=n,
            headline=f"Busy event {n:03d} happens.",
            slug=f"busy-event-{n:03d}",
            summary=SUMMARY,
            status=Event.Status.PUBLISHED,
            publish_at=timezone.now(),
        )
        for n in range(BUSY)
    )
    topic = Topic.objects.create(name="Busy", slug="busy")
    # Written in bulk, as an import does: the rows say they are counted (what settling would
    # derive), and the database adds them to the topic's count.
    TaggedEvent.objects.bulk_create(
        TaggedEvent(content_object=event, tag=topic, event_date=DAY, counted=True)
        for event in events
    )
    return events


def listed(response) -> list[str]:
    """The headlines of the events a page lists (its `events`, or its days' events)."""
    if "days" in response.context:
        return [e.headline for day in response.context["days"] for e in day.events]
    return [event.headline for event in response.context["events"]]


def pages_of(client, url: str, **params) -> list:
    """Every page of a paged list, from the first to the last its paginator names."""
    first = client.get(url, params)
    assert first.status_code == 200
    pages = [first]
    for number in range(2, first.context["paginator"].num_pages + 1):
        pages.append(client.get(url, {**params, "page": number}))
    return pages


def test_the_home_shows_the_first_events_of_a_busy_day_and_links_to_the_rest(client, busy_day):
    response = client.get(reverse("events:home"))
    assert listed(response) == [event.headline for event in busy_day[:25]]
    assert len(response.content) < MOST_BYTES
    assert "425 more events on Wednesday 8 February 2012" in response.content.decode()


def test_a_busy_day_is_paged_with_every_event_once(client, busy_day):
    url = reverse("events:day", kwargs={"year": 2012, "month": 2, "day": 8})
    pages = pages_of(client, url)
    assert [response.status_code for response in pages] == [200, 200, 200]
    assert [len(listed(response)) for response in pages] == [200, 200, 50]
    everything = [headline for response in pages for headline in listed(response)]
    assert everything == [event.headline for event in busy_day]  # in order, each once
    for response in pages:
        assert len(response.content) < MOST_BYTES
    # One page holding the whole day would have been over the limit.
    assert sum(len(response.content) for response in pages) > MOST_BYTES
    assert client.get(url, {"page": 4}).status_code == 400
    assert client.get(url, {"page": 0}).status_code == 400
    assert client.get(url, {"page": "two"}).status_code == 400


def test_the_day_page_says_how_many_events_the_day_has_on_each_page(client, busy_day):
    url = reverse("events:day", kwargs={"year": 2012, "month": 2, "day": 8})
    for page in (1, 3):
        page = client.get(url, {"page": page}).content.decode()
        assert "450 events." in page and "Page " in page


def test_a_day_without_events_is_still_not_found_on_any_page(client, busy_day):
    url = reverse("events:day", kwargs={"year": 2012, "month": 2, "day": 9})
    assert client.get(url).status_code == 404
    assert client.get(url, {"page": 2}).status_code == 404


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/topics/busy/", {}),
        ("/search/", {"q": "Busy"}),
        ("/search/", {"date": "2012-02-08"}),
    ],
)
def test_every_other_listing_stays_within_the_bounds(client, busy_day, url, params):
    for response in pages_of(client, url, **params):
        assert 0 < len(listed(response)) <= MOST_EVENTS
        assert len(response.content) < MOST_BYTES


def test_a_sitemap_section_of_the_longest_addresses_stays_under_1_mb(client):
    Event.objects.bulk_create(
        Event(
            date=DAY,
            position=n,
            headline=f"Event {n}.",
            slug=f"{n:05d}-" + "x" * 249,  # the longest slug the field holds
            status=Event.Status.PUBLISHED,
            publish_at=timezone.now(),
        )
        for n in range(URLS_PER_SECTION + 1)
    )
    section = client.get(reverse("sitemap_section", kwargs={"section": "events"}))
    assert section.status_code == 200
    assert section.content.count(b"<url>") == URLS_PER_SECTION
    assert len(section.content) < MOST_BYTES
