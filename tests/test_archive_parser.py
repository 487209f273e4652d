"""The parser: every part of an event file, its tolerated variants, and refused files."""

import datetime

import pytest

from events.archive.parser import parse_event_file, parse_index_order, parse_snapshot
from events.archive.renderer import render_event
from tests.archive_files import SEED_BYTES, SEED_DATE, SEED_SLUG, SEED_SNAPSHOT_BYTES, event_text

DAY = datetime.date(2012, 2, 8)
PATH = "news/2012/02/8/x.md"


def parse(text: str | bytes, date=DAY):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_event_file(data, PATH, date, "x")


def parsed(text: str | bytes, date=DAY):
    result = parse(text, date)
    assert result.refusal is None, str(result.refusal)
    return result.event


def test_seed_event_every_part():
    result = parse_event_file(SEED_BYTES, "news/2012/02/8/seed.md", SEED_DATE, SEED_SLUG)
    assert result.refusal is None and result.warnings == []
    event = result.event
    assert event.date == SEED_DATE
    assert event.slug == SEED_SLUG
    assert event.headline.startswith("Wang Lijun, former police chief")
    assert event.headline.endswith("political downfall.")
    assert event.summary.startswith("A top Chinese policeman")
    assert [(s.name, s.url) for s in event.sources] == [
        ("BBC", "http://www.bbc.co.uk/news/world-asia-china-16940146")
    ]
    assert event.cover_url.endswith("_58373831_013943116-1.jpg")
    assert event.cover_position == 1
    assert len(event.related) == 5
    first = event.related[0]
    assert first.headline.endswith("Neil Heywood.")
    assert first.path.startswith("/news/2012/09/5/wang-lijun-the-former-vice-mayor")
    assert first.context == "Chongqing, Wang Lijun"
    assert [r.context for r in event.related[3:]] == ["Chongqing", "Chongqing"]


def test_seed_renders_back_byte_for_byte():
    event = parse_event_file(SEED_BYTES, PATH, SEED_DATE, SEED_SLUG).event
    assert render_event(event).encode("utf-8") == SEED_BYTES


def test_summary_keeps_several_paragraphs():
    event = parsed(event_text(summary="First.\n\nSecond line one.\nline two."))
    assert event.summary == "First.\n\nSecond line one.\nline two."


def test_empty_summary_and_missing_sections():
    event = parsed("### [2012-02-8](/news/2012/02/8/index.md)\n\n# Only a headline. \n")
    assert (event.headline, event.summary, event.sources, event.related) == (
        "Only a headline.",
        "",
        [],
        [],
    )


def test_crlf_bom_and_headline_without_trailing_space():
    canonical = event_text(summary="Para.")
    variant = "\ufeff" + canonical.replace("# Something happens. \n", "# Something happens.\n")
    variant = variant.replace("\n", "\r\n")
    assert parsed(variant) == parsed(canonical)


@pytest.mark.parametrize("numbers", [("1.", "1.", "1."), ("1.", "2.", "3."), ("3.", "7.", "1.")])
def test_any_list_numbering(numbers):
    related = [
        f"{n} [Target {i} ](/news/2012/02/{i + 1}/t{i}.md) _Context: Topic {i}_"
        for i, n in enumerate(numbers)
    ]
    sources = [f"{n} [Outlet {i}](https://example.com/{i})" for i, n in enumerate(numbers)]
    event = parsed(event_text(sources=sources, related=related))
    assert [s.name for s in event.sources] == ["Outlet 0", "Outlet 1", "Outlet 2"]
    assert [r.path for r in event.related] == [f"/news/2012/02/{i + 1}/t{i}.md" for i in range(3)]


def test_brackets_in_link_text_and_parentheses_in_urls():
    event = parsed(
        event_text(
            sources=["1. [Party [de] wins](https://en.wikipedia.org/wiki/Mercury_(planet))"],
            related=["1. [Party [de] wins again ](/news/2013/01/1/party-de.md) _Context: Germany_"],
        )
    )
    assert (event.sources[0].name, event.sources[0].url) == (
        "Party [de] wins",
        "https://en.wikipedia.org/wiki/Mercury_(planet)",
    )
    assert event.related[0].headline == "Party [de] wins again"
    assert event.related[0].context == "Germany"


def test_non_ascii_no_break_and_zero_width_characters_are_kept():
    headline = "Jean-Noël Barrot\u00a0meets 習近平\u200b in Zürich."
    event = parsed(
        event_text(
            headline=headline,
            summary="Résumé\u00a0with\u200bzero-width.",
            related=["1. [Café\u00a0talks ](/news/2012/02/9/cafe.md) _Context: Zürich, 習近平_"],
        )
    )
    assert event.headline == headline
    assert event.summary == "Résumé\u00a0with\u200bzero-width."
    assert event.related[0].headline == "Café\u00a0talks"
    assert event.related[0].context == "Zürich, 習近平"


def test_swapped_sections_and_related_without_context():
    text = (
        "### [2012-02-8](/news/2012/02/8/index.md)\n\n# Swapped. \n\n\n\n\n"
        "### Related:\n\n1. [Other ](/news/2012/02/9/other.md)\n\n"
        "### Source:\n\n1. [BBC](https://bbc.co.uk/a)\n"
    )
    event = parsed(text)
    assert [s.name for s in event.sources] == ["BBC"]
    assert (event.related[0].headline, event.related[0].context) == ("Other", "")


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ("1. [Evil](javascript:alert(1))", "source URL refused"),
        ("1. [Data](data:text/html,hi)", "source URL refused"),
        ("1. [NoScheme](www.bbc.co.uk/news)", "source URL refused"),
        ("1. [Cover Image](javascript:alert(1))", "cover image URL refused"),
        ("1. just text, no link", "source item is not"),
    ],
)
def test_bad_source_item_is_left_out_with_a_warning_naming_the_line(item, reason):
    text = event_text(sources=["1. [BBC](https://bbc.co.uk/a)", item])
    result = parse(text)
    assert result.refusal is None
    assert [s.name for s in result.event.sources] == ["BBC"]
    assert result.event.cover_url == ""
    (warning,) = result.warnings
    line = text.split("\n").index(item) + 1
    assert str(warning).startswith(f"{PATH}:{line}: {reason}")


def test_cover_position_is_kept_wherever_it_is_listed():
    event = parsed(
        event_text(
            sources=[
                "1. [Cover Image](https://img.example.com/c.jpg)",
                "1. [BBC](https://bbc.co.uk/a)",
            ]
        )
    )
    assert (event.cover_url, event.cover_position) == ("https://img.example.com/c.jpg", 0)
    assert render_event(event).index("Cover Image") < render_event(event).index("[BBC]")


@pytest.mark.parametrize(
    ("data", "line", "reason"),
    [
        (b"", 1, "empty file"),
        (b"\n\n  \n", 1, "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 3, "binary file"),
        (event_text().encode("utf-8").replace(b"happens", b"happ\xffens"), 3, "not UTF-8"),
        (event_text(date="2012-02-9", folder="/news/2012/02/9").encode(), 1, "date line says"),
        (event_text(date="2012-02-30", folder="/news/2012/02/30").encode(), 1, "impossible date"),
        (event_text(folder="/news/2012/02/9").encode(), 1, "date line says 2012-02-08 but links"),
        (b"# Headline without a date line. \n", 1, "first line is not a date line"),
        (
            b"### [2012-02-8](/news/2012/02/8/index.md)\n\nNo headline here.\n",
            3,
            "missing headline",
        ),
        (b"### [2012-02-8](/news/2012/02/8/index.md)\n\n### Source:\n", 3, "missing headline"),
        (b"### [2012-02-8](/news/2012/02/8/index.md)\n", 2, "missing headline"),
        (b"### [2012-02-8](/news/2012/02/8/index.md)\n\n#   \n", 3, "empty headline"),
    ],
)
def test_refused_files_name_line_and_reason(data, line, reason):
    result = parse(data)
    assert result.event is None
    assert str(result.refusal).startswith(f"{PATH}:{line}: {reason}")


def test_padded_day_in_date_line_is_the_same_date():
    assert parsed(event_text(date="2012-02-08", folder="/news/2012/02/08")).date == DAY


def test_snapshot_title_blank_line_text():
    snapshot = parse_snapshot(SEED_SNAPSHOT_BYTES)
    assert snapshot.title == "Chongqing policeman Wang Lijun mystery deepens"
    assert snapshot.text.startswith("Wang Lijun, pictured on 7 January 2012")
    assert not snapshot.text.endswith("\n")


def test_index_order_lists_linked_slugs():
    index = b"# 2012-02-8\n\n1. [B](/news/2012/02/8/b.md)\n2. [A [x]](/news/2012/02/8/a.md)\n"
    assert parse_index_order(index) == ["b", "a"]
