"""Bugs the import fuzzer found, each pinned by the smallest case that showed it."""

import datetime
import re

import pytest
from django.db import IntegrityError
from hypothesis import given, settings
from hypothesis import strategies as st

from events.archive.importer import import_archive
from events.archive.parser import MAX_FILE_BYTES, _link_item, parse_event_file
from events.bulk import insert_rows
from events.models import MOST_RELATED, MOST_TOPICS, Event, Related
from tests.archive_files import (
    SEED_BYTES,
    SEED_DATE,
    SEED_SNAPSHOT_BYTES,
    event_text,
    write_archive,
)
from tests.factories import EventFactory

# The expressions the parser used before: the definition of a link item, but quadratic.
SOURCE_ITEM = re.compile(r"^\[(?P<name>.*)\]\((?P<url>\S*)\)[ \t]*$")
RELATED_ITEM = re.compile(
    r"^\[(?P<headline>.*)\]\((?P<path>\S*)\)(?:[ \t]+_Context:[ \t]*(?P<context>.*?)_)?[ \t]*$"
)
# Short lines made of the characters that matter to a link item.
LINK_SOUP = st.lists(st.sampled_from([*"[]()_ \t\x0bxC:", "_Context:"]), max_size=16).map("".join)


def as_regex_did(pattern, body: str, with_context: bool):
    match = pattern.match(body)
    if not match:
        return None
    context = (match["context"] or "") if with_context else ""
    return match[1], match[2], context


@settings(max_examples=400)
@given(st.builds(lambda a, b: "[" + a + b, LINK_SOUP, LINK_SOUP))
def test_link_items_read_as_the_old_expressions_did(body):
    assert _link_item(body, with_context=False) == as_regex_did(SOURCE_ITEM, body, False)
    assert _link_item(body, with_context=True) == as_regex_did(RELATED_ITEM, body, True)


@pytest.mark.parametrize(
    "line",
    [
        "1. [" + "](x" * 700_000,
        "1. [" + "](/) _Context: _x" * 120_000,
        "1. [h](/p.md) _Context: " + "](x" * 700_000,
    ],
)
def test_a_giant_line_of_brackets_is_left_out_without_backtracking(line):
    """Before: hours of regular-expression backtracking for a line of 2 MB."""
    text = event_text(sources=[line], related=[line]).encode()
    result = parse_event_file(text, "news/2012/02/8/x.md", SEED_DATE, "x")
    assert result.refusal is None
    assert [w.reason.split(" is not")[0] for w in result.warnings] == [
        "source item",
        "related item",
    ]
    assert result.event.sources == result.event.related == []


@pytest.mark.parametrize("slug", ["", ".", ".."])
def test_a_file_name_that_makes_no_address_is_refused(slug):
    result = parse_event_file(SEED_BYTES, f"news/2012/02/8/{slug}.md", SEED_DATE, slug)
    assert result.event is None
    assert result.refusal.line == 1
    assert f"'{slug}.md' gives the event no address" in result.refusal.reason


@pytest.mark.django_db
def test_importing_a_dot_md_file_refuses_it_and_keeps_the_rest(tmp_path):
    """Before: an event with an empty slug, and a 500 on every page listing it."""
    write_archive(tmp_path, {"news/2012/02/8/.md": SEED_BYTES, "news/2012/02/8/ok.md": SEED_BYTES})
    report = import_archive(tmp_path)
    assert [str(p) for p in report.refused] == [
        "news/2012/02/8/.md:1: file name '.md' gives the event no address (no slug)"
    ]
    assert list(Event.objects.values_list("slug", flat=True)) == ["ok"]
    assert datetime.date(2012, 2, 8) == Event.objects.get().date


@pytest.mark.parametrize("slug", ["new\nline", "tab\there", "bell\x07", "del\x7f", "para\u2029"])
def test_a_file_name_with_a_control_character_is_refused(slug):
    result = parse_event_file(SEED_BYTES, f"news/2012/02/8/{slug}.md", SEED_DATE, slug)
    assert result.event is None
    assert "file name holds a control character (U+" in result.refusal.reason


@pytest.mark.django_db
def test_a_snapshot_look_alike_ending_in_a_newline_is_not_the_snapshot(tmp_path):
    """Before: `x.source-1.txt\n` passed for `x.source-1.txt` and replaced its text."""
    write_archive(
        tmp_path,
        {
            "news/2012/02/8/x.md": SEED_BYTES,
            "news/2012/02/8/x.source-1.txt": SEED_SNAPSHOT_BYTES,
            "news/2012/02/8/x.source-1.txt\n": b"Impostor\n\nNot the article.",
        },
    )
    report = import_archive(tmp_path)
    source = Event.objects.get().sources.get()
    assert source.snapshot_title == "Chongqing policeman Wang Lijun mystery deepens"
    assert "news/2012/02/8/x.source-1.txt\n:1: unknown file; ignored" in map(str, report.warnings)


@pytest.mark.django_db
@pytest.mark.parametrize("folder", ["news/2012/02/8\n", "news/\u0662\u0660\u0661\u0662/02/8"])
def test_a_folder_that_only_looks_like_a_date_is_not_a_day(tmp_path, folder):
    """Before: `8\n` and Arabic-Indic digits passed for a day folder, and their events got
    archive paths no export writes back."""
    write_archive(tmp_path, {f"{folder}/x.md": SEED_BYTES})
    report = import_archive(tmp_path)
    assert [str(p) for p in report.refused] == [f"{folder}/x.md:1: not in a news/YYYY/MM/D/ folder"]
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_a_duplicate_key_in_a_bulk_insert_is_a_django_integrity_error():
    """Before: PostgreSQL's COPY raised psycopg's own error, which the import's per-file retry
    does not catch: two imports at once stopped with a traceback instead of refusing a file."""
    taken = EventFactory()
    row = (taken.date, taken.slug, "Another event with the same slug.")
    with pytest.raises(IntegrityError):
        insert_rows(Event, ["date", "slug", "headline"], [row])
    assert Event.objects.count() == 1


def hostile_related_lines(limit: int) -> list[str]:
    """Related lines of 40 new contexts each, as many as fit in `limit` bytes."""
    lines, size = [], 0
    while True:
        n = len(lines)
        names = ", ".join(f"Context {n} {k}" for k in range(40))
        line = f"1. [Event {n} ](/news/2012/03/{n % 28 + 1}/event-{n}.md) _Context: {names}_"
        if size + len(line) + 1 > limit:
            return lines
        lines.append(line)
        size += len(line) + 1


@pytest.mark.django_db
def test_a_file_at_the_size_limit_of_related_lines_imports_in_one_pass(tmp_path):
    """Before: every context name was looked for in a list of the names so far, quadratic in
    the file: a legal 5 MB file of 7,000 related lines (40 new contexts each, 280,000 names)
    held the import lock for over ten minutes. Each line now costs the same whatever came
    before: the event imports with what fits, the rest left out with a warning per line."""
    lines = hostile_related_lines(MAX_FILE_BYTES - 2000)
    text = event_text(headline="Everything related.", related=lines)
    assert MAX_FILE_BYTES - 4000 < len(text.encode()) <= MAX_FILE_BYTES
    write_archive(tmp_path, {"news/2012/02/8/all.md": text, "news/2012/02/8/ok.md": SEED_BYTES})
    report = import_archive(tmp_path)
    assert (report.created, report.refused) == (2, [])
    event = Event.objects.get(slug="all")
    assert Related.objects.filter(event=event).count() == MOST_RELATED
    assert event.topics.count() == MOST_TOPICS
    # Two lines and half the third fill the topics: one warning for each line from the third
    # on, whether its names are left out or the whole line.
    assert len([w for w in report.warnings if "all.md" in str(w)]) == len(lines) - 2
