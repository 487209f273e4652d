"""The import and export commands: report text, dry run, exit status."""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from events.models import Event
from tests.archive_files import SEED_DIR, event_text, write_archive

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "archive"
    shutil.copytree(SEED_DIR, root / "news" / "2012" / "02" / "8")
    files = {"news/2012/03/1/b.md": event_text(date="2012-03-1", folder="/news/2012/03/1")}
    return write_archive(root, files)


def test_import_reports_counts_then_nothing_changed(archive):
    first = run("import_archive", str(archive))
    assert "2 files: 2 created, 0 updated, 0 unchanged, 0 refused, 0 warnings." in first
    second = run("import_archive", str(archive))
    assert "2 files: 0 created, 0 updated, 2 unchanged, 0 refused, 0 warnings." in second
    assert "Nothing changed" in second


def test_dry_run_says_so_and_writes_nothing(archive):
    output = run("import_archive", str(archive), "--dry-run")
    assert "2 would be created" in output and "Dry run: nothing was written." in output
    assert not Event.objects.exists()


def test_refused_files_are_listed_and_the_command_fails(archive):
    write_archive(archive, {"news/2012/03/1/bad.md": b"\xff\xfe garbage"})
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 file\\(s\\) refused"):
        call_command("import_archive", str(archive), stdout=out)
    assert "news/2012/03/1/bad.md:1: not UTF-8 (byte 0xff)" in out.getvalue()
    assert Event.objects.count() == 2


def test_bad_arguments_are_clear_errors(tmp_path):
    with pytest.raises(CommandError, match="no news/ folder"):
        run("import_archive", str(tmp_path))
    with pytest.raises(CommandError, match="expected YYYY, YYYY/MM or YYYY/MM/D"):
        run("import_archive", str(tmp_path), "--only", "last-week")


def test_export_writes_the_archive(archive, tmp_path):
    run("import_archive", str(archive))
    output = run("export_archive", str(tmp_path / "out"))
    assert "Exported 2 events on 2 days and 1 snapshots" in output
    assert (tmp_path / "out/news/2012/03/1/b.md").read_bytes() == (
        archive / "news/2012/03/1/b.md"
    ).read_bytes()


def test_exit_status_is_non_zero_when_a_file_is_refused(tmp_path):
    root = write_archive(tmp_path / "archive", {"news/2012/03/1/empty.md": b""})
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    result = subprocess.run(
        [*manage, "import_archive", str(root)], env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "news/2012/03/1/empty.md:1: empty file" in result.stdout
    assert "1 file(s) refused" in result.stderr
