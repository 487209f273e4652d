"""Merging a possible duplicate pair from the report (events.editorial.merges): the kept event
takes the other's sources, topics and related links, links to the other lead to it, the other's
addresses redirect to it, each gets one revision, and the write purges both events' pages
through events.changes. Refused when either changed since the page was shown, or with no
choice. The merged-away archive path is remembered: a re-import skips it and says so, the
export leaves it out and points links at the kept event, and the read API lists it withdrawn."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from events.archive.exporter import export_archive
from events.archive.importer import import_archive
from events.editorial import merges
from events.models import Event, MergedEvent, Related, TaggedEvent
from sources.models import Source
from tests.api import api, walk
from tests.archive_files import event_text, write_archive
from tests.factories import EventFactory, RelatedFactory, SourceFactory

pytestmark = pytest.mark.django_db(transaction=True)
DAY = datetime.date(2026, 3, 2)
TOLL = "At least {} people are killed in the shelling of Homs."


def merge_url(first, second):
    return reverse("admin:events_event_duplicates_merge", args=[first.pk, second.pk])


def opened(client, first, second) -> dict:
    """The merge page as an editor opens it: the fields its form sends."""
    page = client.get(merge_url(first, second))
    assert page.status_code == 200
    return {f"seen-{event.pk}": seen for event, _moves, seen in page.context["pair"]}


@pytest.fixture
def pair():
    kept = EventFactory(date=DAY, headline=TOLL.format(41), topics=["Homs"])
    other = EventFactory(
        date=DAY + datetime.timedelta(days=1), headline=TOLL.format(43), topics=["Homs", "Syria"]
    )
    SourceFactory(event=kept, position=0, url="https://news.example.org/kept")
    SourceFactory(event=other, position=0, url="https://news.example.org/kept")
    SourceFactory(event=other, position=1, url="https://news.example.org/other")
    far = EventFactory(date=DAY - datetime.timedelta(days=40), headline="Talks open in Geneva.")
    RelatedFactory(event=other, position=0, target=far, target_path=far.legacy_path)
    linking = EventFactory(date=DAY + datetime.timedelta(days=9), headline="Aid reaches Homs.")
    RelatedFactory(event=linking, position=0, target=other, target_path=other.legacy_path)
    return kept, other, far, linking


def test_the_kept_event_takes_everything_and_the_other_redirects(admin_client, pair, front):
    kept, other, far, linking = pair
    old_address, since = other.get_absolute_url(), timezone.now()
    fields = opened(admin_client, kept, other)
    front.forget()
    response = admin_client.post(merge_url(kept, other), {**fields, "kept": kept.pk}, follow=True)
    assert "Merged “At least 43" in response.content.decode()
    assert not Event.objects.filter(pk=other.pk).exists()
    assert list(Source.objects.filter(event=kept).values_list("url", "position")) == [
        ("https://news.example.org/kept", 0),
        ("https://news.example.org/other", 1),
    ]
    own = TaggedEvent.objects.filter(content_object=kept, own=True).order_by("position")
    assert [row.tag.name for row in own] == ["Homs", "Syria"]
    assert list(Related.objects.filter(event=kept).values_list("target_id", flat=True)) == [far.pk]
    incoming = Related.objects.get(event=linking)
    assert (incoming.target_id, incoming.target_path) == (kept.pk, kept.legacy_path)
    assert admin_client.get(old_address).url == kept.get_absolute_url()
    assert {f"e{kept.pk}", f"e{other.pk}", f"e{linking.pk}"} <= front.keys
    kept.refresh_from_db()
    assert kept.updated_at > since
    versions = Version.objects.get_for_model(Event)
    merged = versions.filter(object_id=str(kept.pk), revision__comment__startswith="Merged")
    assert merged.count() == 1
    gone = versions.filter(object_id=str(other.pk))
    assert [version.revision.comment[:17] for version in gone] == ["Merged into event"]
    withdrawn = walk(admin_client, api("withdrawn"), {"since": since.isoformat()[:19] + "Z"})
    assert [row["id"] for row in withdrawn] == [other.pk]


def test_a_merge_is_refused_when_either_event_changed_since_the_page(admin_client, pair):
    kept, other, *_ = pair
    fields = opened(admin_client, kept, other)
    other.headline = TOLL.format(44)
    other.save()
    response = admin_client.post(merge_url(kept, other), {**fields, "kept": kept.pk}, follow=True)
    assert "Not merged: changed since you opened the pair: “At least 44" in (
        response.content.decode()
    )
    assert Event.objects.filter(pk=other.pk).exists()
    assert not MergedEvent.objects.exists()


def test_a_merge_without_a_choice_says_so(admin_client, pair):
    kept, other, *_ = pair
    response = admin_client.post(merge_url(kept, other), opened(admin_client, kept, other))
    assert response.status_code == 200
    assert "Choose the event to keep." in response.content.decode()
    assert Event.objects.filter(pk=other.pk).exists()


def test_the_merge_page_shows_what_moves(admin_client, pair):
    kept, other, *_ = pair
    text = admin_client.get(merge_url(kept, other)).content.decode()
    assert "1 source: " in text and "1 topic: Syria" in text
    assert "1 link from other events" in text
    assert f"<code>{other.get_absolute_url()}</code>" in text


def archive_of(tmp_path, heads: dict[str, str], related=()) -> dict:
    return {
        f"news/2026/03/{day}/{slug}.md": event_text(
            date=f"2026-03-{int(day):02d}",
            folder=f"/news/2026/03/{day}",
            headline=headline,
            related=related if slug == "aid" else (),
        )
        for (day, slug), headline in heads.items()
    }


def test_the_merged_away_path_is_skipped_on_reimport_and_left_out_of_the_export(tmp_path):
    heads = {("2", "toll-41"): TOLL.format(41), ("3", "toll-43"): TOLL.format(43)}
    heads[("9", "aid")] = "Aid reaches Homs."
    link = "- [At least 43 people die.](/news/2026/03/3/toll-43.md)"
    root = write_archive(tmp_path / "in", archive_of(tmp_path, heads, related=[link]))
    import_archive(root)
    kept = Event.objects.get(slug="toll-41")
    other = Event.objects.get(slug="toll-43")
    seen = {event.pk: merges.seen_token(event) for event in (kept, other)}
    merges.merge_pair(kept.pk, other.pk, seen, user=None)
    out = io.StringIO()
    call_command("import_archive", str(root), stdout=out)
    assert "1 files skipped: their events were merged into others" in out.getvalue()
    assert "news/2026/03/3/toll-43.md -> news/2026/03/2/toll-41.md" in out.getvalue()
    assert not Event.objects.filter(slug="toll-43").exists()
    export_archive(tmp_path / "out")
    news = tmp_path / "out" / "news" / "2026" / "03"
    assert not (news / "3" / "toll-43.md").exists()
    assert "(/news/2026/03/2/toll-41.md)" in (news / "9" / "aid.md").read_text()
