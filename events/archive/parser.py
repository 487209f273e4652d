"""Read archive files (docs/archive-format.md) into ArchiveEvent data, tolerating their variants.

Whole-file problems refuse the file (`path:line: reason`); a bad item inside a good file is
left out with a warning, and the rest of the event imports.
"""

import bisect
import datetime
import re
from dataclasses import dataclass, field

from events.models import MOST_RELATED, MOST_TOPICS, split_context
from events.slugs import NO_ADDRESS_SLUGS, address_problem
from newsroom.carriable import COVER_IMAGE_NAME, SECTION_LINE
from newsroom.renderable import first_unrenderable, text_problem
from newsroom.validators import http_url_problem
from sources.snapshots import Snapshot

from .document import ArchiveEvent, Problem, RelatedItem, SourceItem
from .limits import limits

BOM = "\ufeff"
MAX_FILE_BYTES = 5 * 1024 * 1024

DATE_LINE = re.compile(
    r"^###[ \t]*\[(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\]"
    r"\(/news/(?P<py>\d{4})/(?P<pm>\d{1,2})/(?P<pd>\d{1,2})/index\.md\)[ \t]*$"
)
HEADLINE_LINE = re.compile(r"^#(?!#)[ \t]*(?P<text>.*)$")
LIST_ITEM = re.compile(r"^[ \t]*(?:\d+[.)]|[-*+])[ \t]+(?P<body>.*)$")
# What may follow a related item's link: ` _Context: Tag A, Tag B_`.
CONTEXT_START = re.compile(r"[ \t]+_Context:[ \t]*")
WHITESPACE = re.compile(r"\s")
INDEX_LINK = re.compile(r"\]\((/news/[^()\s]*?/(?P<slug>[^/()\s]+)\.md)\)")


@dataclass
class ParseResult:
    event: ArchiveEvent | None = None
    refusal: Problem | None = None
    warnings: list[Problem] = field(default_factory=list)


class Refused(Exception):
    """Raised inside the parser to refuse the whole file."""

    def __init__(self, line: int, reason: str):
        super().__init__(reason)
        self.line = line
        self.reason = reason


def decode_text(data: bytes) -> str:
    """UTF-8 (a leading BOM dropped) with every line end made `\\n`; raises Refused, also for
    a character no page or feed can carry (newsroom.renderable), naming its line."""
    if not data.strip():
        raise Refused(1, "empty file")
    if len(data) > MAX_FILE_BYTES:
        # Files are read to the limit plus one byte (events.archive.files): the size is unknown.
        raise Refused(1, f"file too large (over the limit of {MAX_FILE_BYTES} bytes)")
    if b"\x00" in data:
        raise Refused(data[: data.index(b"\x00")].count(b"\n") + 1, "binary file (NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise Refused(line, f"not UTF-8 (byte 0x{data[error.start]:02x})") from error
    if text.startswith(BOM):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    at = first_unrenderable(text, multiline=True)
    if at is not None:
        raise Refused(text.count("\n", 0, at) + 1, text_problem(text[at], multiline=True))
    return text


def parse_event_file(data: bytes, path: str, folder_date: datetime.date, slug: str) -> ParseResult:
    """Parse one `<slug>.md` of the folder for `folder_date`."""
    result = ParseResult()
    try:
        lines = decode_text(data).split("\n")
        result.event = _parse_lines(lines, path, folder_date, slug, result.warnings)
    except Refused as refusal:
        result.refusal = Problem(path, refusal.line, refusal.reason)
        result.warnings = []
    return result


def _parse_lines(lines, path, folder_date, slug, warnings) -> ArchiveEvent:
    _check_slug(slug)
    number = _next_filled(lines, 0)
    _check_date_line(lines, number, folder_date)
    number = _next_filled(lines, number + 1)
    headline = _headline(lines, number)
    body_start = number + 1
    section_at = _first_section(lines, body_start)
    event = ArchiveEvent(
        date=folder_date,
        slug=slug,
        headline=headline,
        summary=_summary(lines[body_start:section_at]),
    )
    _read_sections(lines, section_at, path, event, warnings)
    return event


def _check_slug(slug: str) -> None:
    """The file name is the event's address: it must make one (events.slugs' rule, the same
    as for slugs typed in the CMS), and one whose links read back after an export."""
    if slug in NO_ADDRESS_SLUGS:
        raise Refused(1, f"file name {slug + '.md'!r} gives the event no address (no slug)")
    if len(slug) > limits().slug:
        raise Refused(1, f"file name longer than {limits().slug} characters")
    problem = address_problem(slug)
    if problem:
        raise Refused(1, f"file name {problem}")


def _next_filled(lines: list[str], start: int) -> int:
    """Index of the first line at or after `start` that is not blank."""
    for index in range(start, len(lines)):
        if lines[index].strip(" \t"):
            return index
    return len(lines)


def _check_date_line(lines, index, folder_date):
    if index >= len(lines):
        raise Refused(1, "no date line (expected `### [YYYY-MM-D](/news/YYYY/MM/D/index.md)`)")
    match = DATE_LINE.match(lines[index])
    if not match:
        raise Refused(
            index + 1, "first line is not a date line `### [YYYY-MM-D](/news/YYYY/MM/D/index.md)`"
        )
    written = _date_or_refuse(match["y"], match["m"], match["d"], index + 1)
    linked = _date_or_refuse(match["py"], match["pm"], match["pd"], index + 1)
    if written != linked:
        raise Refused(index + 1, f"date line says {written} but links to {linked}")
    if written != folder_date:
        raise Refused(
            index + 1, f"date line says {written} but the file is in {folder_date}'s folder"
        )


def _date_or_refuse(year, month, day, line) -> datetime.date:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError as error:
        raise Refused(line, f"impossible date {year}-{month}-{day}") from error


def _headline(lines, index) -> str:
    match = HEADLINE_LINE.match(lines[index]) if index < len(lines) else None
    if not match:
        raise Refused(min(index, len(lines) - 1) + 1, "missing headline (expected a `# ` line)")
    # The canonical form ends the headline with one space; keep every other character.
    headline = match["text"].strip(" \t")
    if not headline:
        raise Refused(index + 1, "empty headline")
    if len(headline) > limits().headline:
        raise Refused(index + 1, f"headline longer than {limits().headline} characters")
    return headline


def _first_section(lines, start) -> int:
    for index in range(start, len(lines)):
        if SECTION_LINE.match(lines[index]):
            return index
    return len(lines)


def _summary(lines: list[str]) -> str:
    """The paragraphs between headline and first section, without surrounding blank lines."""
    filled = [i for i, line in enumerate(lines) if line.strip(" \t")]
    if not filled:
        return ""
    return "\n".join(lines[filled[0] : filled[-1] + 1])


def _read_sections(lines, start, path, event, warnings):
    section = None
    topics: dict[str, None] = {}  # the context names so far, in order: at most MOST_TOPICS
    for index in range(start, len(lines)):
        line = lines[index]
        header = SECTION_LINE.match(line)
        if header:
            section = "related" if header["name"].lower() == "related" else "source"
            continue
        if not line.strip(" \t"):
            continue
        item = LIST_ITEM.match(line)
        problem = None
        if not item:
            problem = "not a list item; left out"
        elif section == "source":
            problem = _add_source(item["body"], event)
        else:
            problem = _add_related(item["body"], event, topics)
        if problem:
            warnings.append(Problem(path, index + 1, problem))


def _link_item(body: str, with_context: bool) -> tuple[str, str, str] | None:
    """`[text](target)`, and for related items ` _Context: ..._` after it: (text, target, context).

    The text may hold brackets, so the link is the last `](` whose target (no whitespace) ends
    with `)` where the line, or its context, ends. Found in one pass over the line: a regular
    expression with two greedy parts backtracks quadratically, and a 5 MB line of `](` took
    hours (found by fuzzing).
    """
    if not body.startswith("["):
        return None
    end = len(body.rstrip(" \t"))
    # The last `](` is the link on every well-formed line: its target's end is found directly,
    # and only a line where it is not pays for the list of its spaces.
    spaces: list[int] | None = None
    at = body.rfind("](", 1)
    while at > 0:
        if spaces is None:
            space = WHITESPACE.search(body, at + 2)
            target_end = space.start() if space else len(body)
        else:
            target_end = _next_space(spaces, at + 2, len(body))
        # Slices only once found: copying the text at every candidate would be quadratic too.
        if target_end > at + 2 and body[target_end - 1] == ")":
            if target_end >= end:
                return body[1:at], body[at + 2 : target_end - 1], ""
            context = CONTEXT_START.match(body, target_end) if with_context else None
            if context and body[end - 1] == "_" and end - 1 >= context.end():
                return body[1:at], body[at + 2 : target_end - 1], body[context.end() : end - 1]
        if spaces is None:
            spaces = [match.start() for match in WHITESPACE.finditer(body)]
        at = body.rfind("](", 1, at + 1)
    return None


def _next_space(spaces: list[int], start: int, default: int) -> int:
    """The first whitespace position at or after `start`."""
    index = bisect.bisect_left(spaces, start)
    return spaces[index] if index < len(spaces) else default


def _add_source(body: str, event: ArchiveEvent) -> str | None:
    link = _link_item(body, with_context=False)
    if link is None:
        return "source item is not `[name](url)`; left out"
    name, url = link[0].strip(" \t"), link[1]
    is_cover = name.casefold() == COVER_IMAGE_NAME.casefold()
    what = "cover image" if is_cover else "source"
    problem = http_url_problem(url)
    if problem:
        return f"{what} URL refused: {url[:80]!r} {problem}"
    if len(url) > limits().url:
        return f"{what} URL longer than {limits().url} characters; left out"
    if is_cover and event.cover_position is None:
        event.cover_url = url
        event.cover_position = len(event.sources)
        return None
    if not name:
        return "source without a name; left out"
    if len(name) > limits().source_name:
        return f"source name longer than {limits().source_name} characters; left out"
    event.sources.append(SourceItem(name=name, url=url))
    return None


def _add_related(body: str, event: ArchiveEvent, topics: dict[str, None]) -> str | None:
    link = _link_item(body, with_context=True)
    if link is None:
        return "related item is not `[headline](/news/...md) _Context: ..._`; left out"
    headline, path, context = link
    item = RelatedItem(headline=headline.strip(" \t"), path=path, context=context.strip(" \t"))
    if not item.path:
        return "related item without a link; left out"
    for value, limit, what in (
        (item.headline, limits().related_headline, "related headline"),
        (item.path, limits().related_path, "related link"),
        (item.context, limits().context, "related context"),
    ):
        if len(value) > limit:
            return f"{what} longer than {limit} characters; left out"
    if len(event.related) >= MOST_RELATED:
        return f"more than {MOST_RELATED} related events in the file; left out"
    event.related.append(item)
    return _within_topic_cap(item, topics)


def _within_topic_cap(item: RelatedItem, topics: dict[str, None]) -> str | None:
    """An event has at most MOST_TOPICS topics: the contexts of its Related list, in the
    order they come. Names past that leave the item's context (and so the topics it gives its
    target), whatever order the archive's files are imported in."""
    kept, left_out = [], []
    for name in split_context(item.context):
        if name in topics or len(topics) < MOST_TOPICS:
            topics[name] = None
            kept.append(name)
        else:
            left_out.append(name)
    if not left_out:
        return None
    item.context = ", ".join(kept)
    return f"more than {MOST_TOPICS} topics in the file; left out: {', '.join(left_out)}"


def parse_snapshot(data: bytes) -> Snapshot:
    """`<slug>.source-N.txt`: title line, blank line, text (kept exactly); raises Refused."""
    text = decode_text(data)
    title, _, rest = text.partition("\n")
    if rest.startswith("\n"):
        rest = rest[1:]
    return Snapshot(title=title.strip(" \t"), text=rest)


def parse_index_order(data: bytes) -> list[str]:
    """The slugs an `index.md` lists, in its order (links to other days are ignored later)."""
    try:
        text = decode_text(data)
    except Refused:
        return []
    return [match["slug"] for match in INDEX_LINK.finditer(text)]
