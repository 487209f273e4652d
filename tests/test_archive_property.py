"""Property: rendering any event the format can hold, then parsing it, gives it back."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from events.archive.document import ArchiveEvent, RelatedItem, SourceItem
from events.archive.parser import SECTION_LINE, parse_event_file
from events.archive.renderer import render_event
from newsroom.renderable import text_problem

# Any character a line of text may hold: no line break, nothing no output can carry
# (newsroom.renderable: controls but tab, lone surrogates, noncharacters).
LINE_CHARS = st.characters(blacklist_categories=["Cs"], blacklist_characters="\n\r").filter(
    lambda character: text_problem(character) is None
)
EDGE = " \t"


def line(min_size=1):
    """Text on one line, not starting or ending with a space or tab."""
    return (
        st.text(LINE_CHARS, min_size=min_size, max_size=60)
        .map(lambda s: s.strip(EDGE))
        .filter(lambda s: len(s) >= min_size)
    )


def without_link_breaks(text: str) -> bool:
    return "](" not in text


headlines = line()
summaries = st.lists(line().filter(lambda s: not SECTION_LINE.match(s)), max_size=4).map(
    "\n\n".join
)
urls = st.builds(
    lambda host, path: f"https://{host}.example/{path}",
    st.from_regex(r"[a-z0-9]{1,12}", fullmatch=True),
    st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=30).filter(
        without_link_breaks
    ),
)
sources = st.builds(
    SourceItem,
    name=line().filter(lambda s: s.casefold() != "cover image"),
    url=urls,
)
related = st.builds(
    RelatedItem,
    headline=line(min_size=0),
    path=st.from_regex(r"/news/[0-9]{4}/[0-9]{2}/[1-9][0-9]?/[a-z0-9-]{1,40}\.md", fullmatch=True),
    context=line(min_size=0).filter(without_link_breaks),
)


@st.composite
def events(draw):
    items = draw(st.lists(sources, max_size=4))
    cover = draw(st.one_of(st.just(""), urls))
    return ArchiveEvent(
        date=draw(st.dates(min_value=datetime.date(1000, 1, 1))),
        slug="generated",
        headline=draw(headlines),
        summary=draw(summaries),
        sources=items,
        cover_url=cover,
        cover_position=draw(st.integers(0, len(items))) if cover else None,
        related=draw(st.lists(related, max_size=5)),
    )


@settings(max_examples=300, deadline=None)
@given(events())
def test_render_then_parse_gives_the_same_event(event):
    data = render_event(event).encode("utf-8")
    result = parse_event_file(data, "news/generated.md", event.date, event.slug)
    assert result.refusal is None, str(result.refusal)
    assert result.warnings == []
    assert result.event == event
