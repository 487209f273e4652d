"""The importer and a hostile file system: nothing outside the archive is ever read, special
files and links out are refused by name, no read goes past its limit, deep or unreadable trees
are refusals naming the path while the rest imports, and what imports exports to a fixed point.

The combined cases scale with the hypothesis profile ("stress" in `make stress`).
"""

import os
import tracemalloc
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.archive.discovery import find_day_dirs
from events.archive.exporter import export_archive
from events.archive.files import NotUsable, read_limited
from events.archive.importer import import_archive
from events.archive.parser import MAX_FILE_BYTES
from events.archive.scan_worker import scanned_folders
from events.models import Event, Topic
from sources.models import Source
from tests.archive_files import event_text, write_archive
from tests.hostile_trees import (
    DAY,
    HOSTILE_CASES,
    SECRET_TEXT,
    good_file,
    hostile_cases,
    layout,
    unprivileged,
)

pytestmark = pytest.mark.django_db
GOOD = [f"{DAY}/good.md", "news/2012/02/11/other.md"]
# Combined cases per `max_examples`: "ci" (100) runs 20, "stress" (2,000) 400.
COMBINED_SHARE = 0.2
ROUND_TRIP_SHARE = 0.5


def with_good_files(place) -> None:
    for relpath in GOOD:
        good_file(place.root, relpath)


def imported(place, cases) -> tuple:
    with unprivileged(any(case.unprivileged for case in cases)):
        report = import_archive(place.root)
    return report, {problem.path: problem.reason for problem in report.refused}


def nothing_from_outside() -> None:
    assert not Event.objects.filter(headline__contains="secret-outside").exists()
    assert not Source.objects.filter(snapshot_text__contains="secret").exists()
    assert not Source.objects.filter(snapshot_title__contains=SECRET_TEXT).exists()


@pytest.mark.parametrize("case", HOSTILE_CASES, ids=lambda case: case.name)
def test_each_hostile_thing_is_refused_by_name_and_the_rest_imports(case):
    with layout() as place:
        with_good_files(place)
        case.build(place)
        report, refused = imported(place, [case])
        assert case.reason in refused.get(case.refused, ""), report.refused
        nothing_from_outside()
        paths = set(Event.objects.values_list("archive_path", flat=True))
        assert {f"/{relpath}" for relpath in GOOD} <= paths
        # The same refusals again, and nothing else changes.
        again, refused_again = imported(place, [case])
        assert refused_again == refused
        assert (again.created, again.updated) == (0, 0)


@settings(
    max_examples=max(1, round(settings.default.max_examples * COMBINED_SHARE)),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(cases=hostile_cases)
def test_hostile_things_together_never_stop_the_import(cases):
    with layout() as place, transaction.atomic():
        with_good_files(place)
        for case in cases:
            case.build(place)
        report, refused = imported(place, cases)
        for case in cases:
            assert case.reason in refused.get(case.refused, ""), (case, report.refused)
        for path, reason in refused.items():
            assert os.path.lexists(place.root / path) and reason.strip()
        nothing_from_outside()
        assert report.created == Event.objects.count() >= 1
        transaction.set_rollback(True)


def test_a_news_folder_linked_out_of_the_archive_stops_the_import_with_its_reason():
    with layout() as place:
        (place.root / "news").symlink_to(place.secret.parent)
        with pytest.raises(CommandError, match="outside the archive"):
            call_command("import_archive", str(place.root))
        nothing_from_outside()


def test_links_that_stay_inside_the_archive_read_as_copies_of_their_targets():
    with layout() as place:
        with_good_files(place)
        day = place.root / DAY
        (day / "good.source-1.txt").write_text("Title\n\nThe text.")
        (day / "alias.md").symlink_to("good.md")
        (day / "alias.source-1.txt").symlink_to(day / "good.source-1.txt")
        (place.root / "shared").mkdir()
        (place.root / "shared/7").symlink_to(day.parent / "8", target_is_directory=True)
        (place.root / "news/2012/02/7").symlink_to("../../../shared/7")
        report, refused = imported(place, [])
        alias = Event.objects.get(archive_path=f"/{DAY}/alias.md")
        assert alias.headline == "A good event."
        assert alias.sources.get().snapshot_text == "The text."
        # The linked day is read as a copy too: its files say they are of the 8th.
        assert "date line says 2012-02-08" in refused["news/2012/02/7/good.md"]
        assert report.created == 3


def test_no_read_goes_past_the_limit_whatever_the_size_says(tmp_path):
    # /proc reports size 0 for files that hold much more.
    assert len(read_limited(Path("/proc"), Path("/proc/self/maps"), 10)) == 11
    huge = tmp_path / "huge.md"
    with open(huge, "wb") as file:
        file.truncate(4 * 1024**3)
    assert len(read_limited(tmp_path, huge, 100)) == 101
    with pytest.raises(NotUsable, match="outside the archive"):
        read_limited(tmp_path / "sub", huge, 100)


def test_a_sparse_4_gb_file_is_refused_without_being_read():
    with layout() as place:
        with_good_files(place)
        next(case for case in HOSTILE_CASES if case.name == "sparse 4 GB file").build(place)
        tracemalloc.start()
        try:
            _report, refused = imported(place, [])
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert "file too large" in refused[f"{DAY}/huge.md"]
        assert peak < 4 * MAX_FILE_BYTES  # the limit and a byte, not gigabytes


def test_the_scan_worker_refuses_as_the_import_does():
    with layout() as place:
        with_good_files(place)
        for case in HOSTILE_CASES:
            if not case.unprivileged and "index" not in case.name:
                case.build(place)
        day_dirs = find_day_dirs(place.root).day_dirs
        found = []
        for in_worker in (False, True):
            with scanned_folders(place.root, day_dirs, {}, in_worker=in_worker) as folders:
                found.append(
                    [
                        (problem.path, problem.reason)
                        for folder in folders
                        for problem in [*folder.refused]
                        + [item.refusal for item in folder.files if item.refusal]
                        + [problem for item in folder.files for problem in item.unread]
                    ]
                )
        assert found[0] == found[1] and found[0]


def test_an_event_file_too_large_by_one_byte_names_the_limit(tmp_path):
    day = tmp_path / DAY
    day.mkdir(parents=True)
    (day / "big.md").write_bytes(event_text().encode() + b" " * MAX_FILE_BYTES)
    report = import_archive(tmp_path)
    assert [str(problem) for problem in report.refused] == [
        f"{DAY}/big.md:1: file too large (over the limit of {MAX_FILE_BYTES} bytes)"
    ]


# --- round-trip closure: export, import, export is a fixed point -----------------------------

# Characters that matter to file names, addresses and archive links, and a few harmless ones.
NAME_CHARACTERS = st.sampled_from(
    [*"ab-_.%?#()[]<>&'\"\\~:+=!,;@$*", " ", "\t", "\u00a0", "\u2028", "\u00e9", "\u65e5"]
)
TEXT_PIECES = st.sampled_from([*"Ab c.-()[]_*#:,!?'\"`<>&%", "\u00a0", "\u00e9", "_Context:", "]("])


def pieces(least: int, most: int):
    return st.lists(TEXT_PIECES, min_size=least, max_size=most).map("".join)


DAYS = ["2012/02/8", "2012/02/9", "2013/11/30"]


@st.composite
def archives_of_odd_names(draw):
    """{relpath: text}: events with generated names, headlines, summaries and contexts, each
    linking to others of them (or to a file not there)."""
    names = draw(
        st.lists(st.text(NAME_CHARACTERS, min_size=1, max_size=10), min_size=1, max_size=5)
    )
    places = [(draw(st.sampled_from(DAYS)), name) for name in names]
    files = {}
    for day, name in places:
        related = []
        for target_day, target in draw(
            st.lists(st.sampled_from([*places, ("2012/02/7", "gone")]), max_size=3)
        ):
            headline = draw(pieces(1, 12))
            context = draw(
                st.lists(st.sampled_from(["Topic A", "Topic (b)", "C_d", "E, F"]), max_size=2)
            )
            line = f"1. [{headline} ](/news/{target_day}/{target}.md)"
            related.append(f"{line} _Context: {', '.join(context)}_" if context else line)
        year, month, number = day.split("/")
        files[f"news/{day}/{name}.md"] = event_text(
            date=f"{year}-{month}-{number}",
            folder=f"/news/{day}",
            headline="A" + draw(pieces(0, 20)),
            summary=draw(pieces(0, 20)),
            related=related,
        )
    return files


def exported_files(out: Path) -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


def reimported(root: Path) -> None:
    Event.objects.all().delete()
    Topic.objects.all().delete()
    import_archive(root)


@settings(
    max_examples=max(1, round(settings.default.max_examples * ROUND_TRIP_SHARE)),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(files=archives_of_odd_names())
def test_what_imports_exports_to_a_fixed_point_and_odd_names_are_refused_clearly(
    files, tmp_path_factory
):
    top = tmp_path_factory.mktemp("round-trip")
    written = {}
    for relpath, text in files.items():
        try:
            write_archive(top / "in", {relpath: text})
            written[relpath] = text
        except OSError:
            continue  # a name this file system refuses never reaches an archive
    if not written:
        return
    with transaction.atomic():
        report = import_archive(top / "in")
        for problem in report.refused:
            assert problem.reason.startswith("file name "), problem
        refused = {problem.path for problem in report.refused}
        imported = set(Event.objects.values_list("archive_path", flat=True))
        assert imported == {f"/{path}" for path in written if path not in refused}
        if not imported:
            transaction.set_rollback(True)
            return
        export_archive(top / "first")
        reimported(top / "first")
        export_archive(top / "second")
        assert exported_files(top / "second") == exported_files(top / "first")
        reimported(top / "second")
        assert import_archive(top / "second").unchanged == len(imported)
        transaction.set_rollback(True)
