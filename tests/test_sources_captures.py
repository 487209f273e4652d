"""capture_sources against a real local server: the story without the furniture, robots.txt,
legacy encodings, and captured snapshots in the archive's export."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from events.archive.exporter import export_archive
from sources.captures import capture_sources, snapshot_digest, sources_to_capture
from sources.fetcher import FetchPolicy
from sources.models import Source
from tests.factories import EventFactory, SourceFactory
from tests.page_server import ARTICLE_PARAGRAPHS, FURNITURE, LEGACY_TEXT

pytestmark = pytest.mark.django_db

LOCAL = FetchPolicy(
    user_agent="NewsroomTest/1.0", host_delay=0, allow_private=True, read_timeout=0.5
)


def capture(**kwargs):
    return capture_sources(sources_to_capture(**kwargs), policy=LOCAL)


def test_capture_keeps_the_article_and_none_of_the_furniture(page_server):
    source = SourceFactory(url=page_server.url("/news/hop1"))
    report = capture()
    assert report.captured == 1
    source.refresh_from_db()
    assert source.snapshot_title == "Chongqing policeman mystery deepens"
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in source.snapshot_text
    for furniture in FURNITURE:
        assert furniture not in source.snapshot_text
    assert source.snapshot_final_url == page_server.url("/news/article")
    assert source.snapshot_archived_at is not None and source.is_captured
    assert len(source.snapshot_digest) == 64


def test_legacy_encoding_is_decoded(page_server):
    source = SourceFactory(url=page_server.url("/news/legacy"))
    capture()
    source.refresh_from_db()
    assert LEGACY_TEXT in source.snapshot_text
    assert source.snapshot_title == "Nouvelles de Zürich"


def test_what_is_not_an_article_is_left_alone(page_server):
    paths = ["/news/report.pdf", "/news/gone", "/news/huge", "/news/endless", "/private/article"]
    for path in paths:
        SourceFactory(url=page_server.url(path))
    report = capture()
    assert report.captured == 0 and len(report.failed) == len(paths)
    assert not Source.objects.exclude(snapshot_text="").exists()
    assert "/private/article" not in [path for path, _ in page_server.requests]  # robots.txt


def test_archive_snapshots_are_never_replaced_even_on_refresh(page_server):
    archived = SourceFactory(
        url=page_server.url("/news/article"), snapshot_title="As archived", snapshot_text="Old."
    )
    captured = SourceFactory(url=page_server.url("/news/plain.txt"))
    capture()
    capture(refresh=True)
    archived.refresh_from_db()
    captured.refresh_from_db()
    assert (archived.snapshot_title, archived.snapshot_text) == ("As archived", "Old.")
    assert (captured.snapshot_title, captured.snapshot_text) == (
        "A plain title",
        "Plain words of the story.",
    )
    assert [path for path, _ in page_server.requests].count("/news/plain.txt") == 2


def test_captured_snapshots_export_like_the_archives(page_server, tmp_path):
    event = EventFactory(date=datetime.date(2012, 2, 8), slug="policeman-mystery")
    SourceFactory(event=event, position=0, url=page_server.url("/news/missing"))
    source = SourceFactory(event=event, position=1, url=page_server.url("/news/article"))
    capture()
    source.refresh_from_db()
    export_archive(tmp_path)
    folder = tmp_path / "news" / "2012" / "02" / "8"
    written = (folder / "policeman-mystery.source-2.txt").read_bytes()
    assert written == f"{source.snapshot_title}\n\n{source.snapshot_text}".encode()
    assert not (folder / "policeman-mystery.source-1.txt").exists()
    assert source.snapshot_digest == snapshot_digest_of(source)


def snapshot_digest_of(source):
    from sources.snapshots import Snapshot

    return snapshot_digest(Snapshot(source.snapshot_title, source.snapshot_text))


def test_command(page_server, settings):
    settings.NEWSROOM_FETCH_ALLOW_PRIVATE = True
    settings.NEWSROOM_FETCH_HOST_DELAY_MS = 0
    SourceFactory(url=page_server.url("/news/article"))
    SourceFactory(url=page_server.url("/news/gone"))
    out = StringIO()
    call_command("capture_sources", stdout=out)
    assert "Captured 1 sources from 2 pages; 1 pages had no article." in out.getvalue()
