"""Import then export gives the archive back: the whole sample archive, byte for byte."""

import datetime
import filecmp
from pathlib import Path

import pytest

from events.archive.exporter import export_archive
from events.archive.importer import import_archive
from events.models import Event
from tests.archive_files import DEMO_ARCHIVE, event_text, write_archive
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db


def archive_files(root: Path, pattern: str) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.glob(f"news/*/*/*/{pattern}")}


def test_sample_archive_round_trips_byte_for_byte(tmp_path):
    report = import_archive(DEMO_ARCHIVE)
    assert report.refused == [] and report.warnings == []
    out = tmp_path / "export"
    exported = export_archive(out)
    assert exported.events == report.created == Event.objects.count()

    for pattern in ("*.md", "*.txt"):
        expected = archive_files(DEMO_ARCHIVE, pattern)
        assert archive_files(out, pattern) == expected
        match, mismatch, errors = filecmp.cmpfiles(
            DEMO_ARCHIVE, out, sorted(expected), shallow=False
        )
        assert (mismatch, errors) == ([], [])
        assert len(match) == len(expected)
    assert exported.snapshots == 1


def test_non_canonical_file_exports_in_canonical_form_with_the_same_data(tmp_path):
    canonical = event_text(
        date="2012-03-1",
        folder="/news/2012/03/1",
        summary="A summary.",
        sources=[
            "1. [BBC](https://bbc.co.uk/1)",
            "1. [Cover Image](https://img.example.com/c.jpg)",
        ],
        related=["1. [Other ](/news/2012/03/2/other.md) _Context: Topic A_"],
    )
    variant = "\ufeff" + canonical.replace("happens. \n", "happens.\n").replace(
        "1. [Cover", "7. [Cover"
    ).replace("\n", "\r\n")
    write_archive(tmp_path / "in", {"news/2012/03/1/story.md": variant.encode("utf-8")})
    import_archive(tmp_path / "in")
    export_archive(tmp_path / "out")
    written = (tmp_path / "out/news/2012/03/1/story.md").read_bytes()
    assert written == canonical.encode("utf-8")
    assert (tmp_path / "out/news/2012/03/1/index.md").read_text() == (
        "# 2012-03-1\n\n1. [Something happens.](/news/2012/03/1/story.md)\n"
    )


def test_export_skips_drafts_unless_asked(tmp_path):
    EventFactory(date=datetime.date(2012, 3, 1), slug="public", headline="Public.")
    draft = EventFactory(date=datetime.date(2012, 3, 1), slug="draft", status=Event.Status.DRAFT)
    SourceFactory(event=draft, snapshot_title="Title", snapshot_text="Body")
    export_archive(tmp_path / "public")
    assert archive_files(tmp_path / "public", "*.md") == {
        "news/2012/03/1/public.md",
        "news/2012/03/1/index.md",
    }
    export_archive(tmp_path / "all", include_drafts=True)
    assert "news/2012/03/1/draft.md" in archive_files(tmp_path / "all", "*.md")
    snapshot = tmp_path / "all/news/2012/03/1/draft.source-1.txt"
    assert snapshot.read_text() == "Title\n\nBody"


def test_resolved_link_exports_its_targets_current_path(tmp_path):
    write_archive(
        tmp_path / "in",
        {
            "news/2012/03/1/a.md": event_text(
                date="2012-03-1",
                folder="/news/2012/03/1",
                related=["1. [B ](/news/2012/03/2/b.md) _Context: X_"],
            ),
            "news/2012/03/2/b.md": event_text(date="2012-03-2", folder="/news/2012/03/2"),
        },
    )
    import_archive(tmp_path / "in")
    Event.objects.filter(slug="b").update(slug="b-renamed")
    export_archive(tmp_path / "out")
    text = (tmp_path / "out/news/2012/03/1/a.md").read_text()
    assert "1. [B ](/news/2012/03/2/b-renamed.md) _Context: X_" in text
