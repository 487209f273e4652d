"""Slugs and the export's files: a typed slug leaves room for its longest file name
(`<slug>.source-N.txt`) in bytes, `index` is the day's own file, and an export that cannot
be written leaves nothing behind."""

import datetime
import io
import os

import pytest
from django.core.management import CommandError, call_command

from events.archive.exporter import ExportError, export_archive
from events.archive.importer import import_archive
from events.models import Event
from events.slugs import FILE_NAME_BYTES, SLUG_BYTES
from tests.admin_forms import event_form
from tests.archive_files import event_text, write_archive
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2012, 2, 8)
ADD_EVENT = "/admin/events/event/add/"


def slug_errors(client, slug: str) -> list[str]:
    response = client.post(ADD_EVENT, event_form(slug=slug))
    if response.status_code == 302:
        return []
    return response.context["adminform"].form.errors.get("slug", [])


@pytest.mark.parametrize(
    ("slug", "says"),
    [
        ("x" * 255, "255 bytes long"),
        ("x" * (SLUG_BYTES + 1), f"{SLUG_BYTES + 1} bytes long"),
        ("é" * 200, "400 bytes long"),
        ("index", "the name of the day's own file"),
    ],
)
def test_the_admin_refuses_a_slug_the_archive_cannot_name_a_file_after(admin_client, slug, says):
    errors = slug_errors(admin_client, slug)
    assert len(errors) == 1 and says in errors[0], errors
    assert not Event.objects.exists()


def test_the_longest_slug_allowed_exports_with_its_snapshots(admin_client, tmp_path):
    slug = "é" * (SLUG_BYTES // 2)
    assert slug_errors(admin_client, slug) == []
    event = Event.objects.get()
    SourceFactory(event=event, position=99, snapshot_title="Title", snapshot_text="Text.")
    export_archive(tmp_path)
    names = os.listdir(tmp_path / "news/2012/02/8")
    assert f"{slug}.source-3.txt" in names
    assert max(len(name.encode()) for name in names) <= FILE_NAME_BYTES


def left_behind(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*"))


@pytest.mark.parametrize("slug", ["é" * 200, "x" * 255])
def test_an_event_whose_file_name_is_too_long_stops_the_export_and_nothing_is_left(tmp_path, slug):
    EventFactory(date=DAY, slug="a-first-event", position=0)
    EventFactory(date=DAY, slug=slug, position=1)  # stored before the rule held
    with pytest.raises(ExportError, match=r"news/2012/02/8/.*bytes, over the 255"):
        export_archive(tmp_path / "out")
    assert left_behind(tmp_path / "out") == []


def test_an_event_called_index_stops_the_export_instead_of_overwriting_the_day(tmp_path):
    EventFactory(date=DAY, slug="index")
    with pytest.raises(ExportError, match="index.md would overwrite the day's index"):
        export_archive(tmp_path / "out")
    assert left_behind(tmp_path / "out") == []


def test_the_command_says_so_and_fails(tmp_path):
    EventFactory(date=DAY, slug="é" * 200)
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("export_archive", str(tmp_path / "out"), stdout=io.StringIO())


def test_an_export_never_writes_over_an_existing_archive(tmp_path):
    EventFactory(date=DAY)
    write_archive(tmp_path, {"news/2012/02/8/kept.md": event_text()})
    with pytest.raises(ExportError, match="exists already"):
        export_archive(tmp_path)
    kept = "news/2012/02/8/kept.md"
    assert left_behind(tmp_path) == ["news", "news/2012", "news/2012/02", "news/2012/02/8", kept]


def test_an_imported_file_with_a_long_name_exports_as_it_came(tmp_path):
    slug = "x" * (FILE_NAME_BYTES - len(".md"))  # a legal name on disk, over the typed limit
    root = write_archive(tmp_path / "in", {f"news/2012/02/8/{slug}.md": event_text()})
    assert import_archive(root).created == 1
    export_archive(tmp_path / "out")
    assert sorted(os.listdir(tmp_path / "out/news/2012/02/8")) == ["index.md", f"{slug}.md"]
