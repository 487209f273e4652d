"""Bugs the import fuzzer found, each pinned by the smallest case that showed it."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.archive.parser import _link_item, parse_event_file
from tests.archive_files import SEED_DATE, event_text

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
