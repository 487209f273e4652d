"""A changed archive file re-imported keeps the source ledger of every address it still cites:
link checks, the link's state and a captured snapshot stay with the source."""

import datetime

import pytest
from django.utils import timezone

from events.archive.importer import import_archive
from events.models import Event
from sources.models import LinkCheck, LinkState, Source
from tests.archive_files import event_text, write_archive

pytestmark = pytest.mark.django_db

PATH = "news/2012/03/1/story.md"
SNAPSHOT_PATH = "news/2012/03/1/story.source-{}.txt"
BBC = "https://www.bbc.co.uk/news/1"
AP = "https://apnews.com/article/1"
DW = "https://www.dw.com/en/1"
REUTERS = "https://www.reuters.com/world/2"


def write_story(root, sources, snapshots=None):
    files = {PATH: event_text(date="2012-03-1", folder="/news/2012/03/1", sources=sources)}
    for number, snapshot in (snapshots or {}).items():
        files[SNAPSHOT_PATH.format(number)] = snapshot
    write_archive(root, files)
    return import_archive(root)


def checked(source: Source, outcome: str, state: str) -> None:
    now = timezone.now()
    LinkCheck.objects.create(source=source, checked_at=now, outcome=outcome, status_code=404)
    Source.objects.filter(pk=source.pk).update(link_state=state, last_checked_at=now)


def captured(source: Source, title: str, text: str) -> None:
    Source.objects.filter(pk=source.pk).update(
        snapshot_title=title,
        snapshot_text=text,
        snapshot_archived_at=timezone.now() - datetime.timedelta(days=3),
        snapshot_final_url=source.url + "?from=capture",
        snapshot_digest="d" * 64,
    )


def test_sources_still_cited_keep_their_checks_and_captures(tmp_path):
    write_story(tmp_path, [f"1. [BBC]({BBC})", f"1. [AP]({AP})", f"1. [DW]({DW})"])
    bbc, ap, dw = Source.objects.order_by("position")
    checked(bbc, LinkCheck.Outcome.FAILED, LinkState.DEAD)
    checked(dw, LinkCheck.Outcome.FAILED, LinkState.FAILING)
    captured(ap, "AP's story", "What AP wrote.")

    report = write_story(
        tmp_path,
        [f"1. [Reuters]({REUTERS})", f"1. [Associated Press]({AP})", f"1. [BBC News]({BBC})"],
    )

    assert report.updated == 1
    event = Event.objects.get()
    sources = list(event.sources.order_by("position"))
    assert [(s.name, s.url) for s in sources] == [
        ("Reuters", REUTERS),
        ("Associated Press", AP),
        ("BBC News", BBC),
    ]
    reuters, kept_ap, kept_bbc = sources
    assert (kept_bbc.pk, kept_bbc.link_state, kept_bbc.last_checked_at) == (
        bbc.pk,
        LinkState.DEAD,
        Source.objects.get(pk=bbc.pk).last_checked_at,
    )
    assert list(kept_bbc.checks.values_list("outcome", flat=True)) == [LinkCheck.Outcome.FAILED]
    assert kept_ap.pk == ap.pk and kept_ap.is_captured
    assert (kept_ap.snapshot_title, kept_ap.snapshot_text) == ("AP's story", "What AP wrote.")
    assert kept_ap.snapshot_final_url == AP + "?from=capture"
    assert kept_ap.outlet.domain == "apnews.com"
    assert reuters.link_state == LinkState.UNCHECKED and not reuters.checks.exists()
    # DW is cited no more: its row and its checks went with it.
    assert not Source.objects.filter(url=DW).exists()
    assert LinkCheck.objects.count() == 1


def test_an_address_cited_twice_keeps_its_rows_in_order(tmp_path):
    write_story(tmp_path, [f"1. [BBC]({BBC})", f"1. [BBC again]({BBC})"])
    first, second = Source.objects.order_by("position")
    checked(second, LinkCheck.Outcome.FAILED, LinkState.FAILING)
    write_story(tmp_path, [f"1. [AP]({AP})", f"1. [BBC]({BBC})", f"1. [BBC again]({BBC})"])
    assert [s.pk for s in Source.objects.filter(url=BBC).order_by("position")] == [
        first.pk,
        second.pk,
    ]
    assert Source.objects.get(pk=second.pk).link_state == LinkState.FAILING


def test_the_files_own_snapshots_follow_the_file(tmp_path):
    write_story(
        tmp_path,
        [f"1. [BBC]({BBC})", f"1. [AP]({AP})", f"1. [DW]({DW})"],
        snapshots={1: "BBC as archived\n\nThe archive's text."},
    )
    bbc, ap, dw = Source.objects.order_by("position")
    captured(ap, "AP's story", "What AP wrote.")
    captured(dw, "DW's story", "What DW wrote.")
    (tmp_path / SNAPSHOT_PATH.format(1)).unlink()

    write_story(
        tmp_path,
        [f"1. [BBC]({BBC})", f"1. [AP]({AP})", f"1. [DW]({DW})"],
        # AP's: the export of its capture, as it was. DW's: the archive's own, another text.
        snapshots={2: "AP's story\n\nWhat AP wrote.", 3: "DW archived\n\nThe archive's DW."},
    )

    bbc, ap, dw = Source.objects.order_by("position")
    # The archive's snapshot went with the file's; a captured one stays, details and all.
    assert not bbc.has_snapshot
    assert ap.is_captured and ap.snapshot_digest == "d" * 64
    assert (dw.snapshot_title, dw.snapshot_text) == ("DW archived", "The archive's DW.")
    assert dw.has_snapshot and not dw.is_captured
    assert (dw.snapshot_final_url, dw.snapshot_digest) == ("", "")
