"""One rule for every text the CMS, the importer or a capture takes in: it renders everywhere.

Every stored text goes out as HTML, Atom and sitemap XML, JSON, CSV and the markdown archive.
XML 1.0 cannot carry control characters other than tab, line feed and carriage return, nor
U+FFFE and U+FFFF; HTML counts every control character but white space, and every
noncharacter, as an error; UTF-8, which every output is written in, cannot carry a lone
surrogate. Such a character is refused where a text comes in (a form field names itself, an
archive file its line), never found when a page is rendered: one feed entry holding U+000C
took the whole feed down. A one-line text (a headline, a name) also holds no line break,
since the archive writes it on one line. Tabs, and line breaks where a text has lines, stay.
Bidirectional controls (U+202A-U+202E, U+2066-U+2069) are ordinary characters here: every
output carries them.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Noncharacters: U+FDD0-U+FDEF, and the last two code points of every plane.
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
# As a regular-expression class of literal characters, which Python's `re` (SQLite's REGEXP
# in Django) and PostgreSQL's `~` read alike. NUL first, so the database pattern can leave it
# out (PostgreSQL text cannot hold one, nor take one as a parameter).
CONTROLS = "\x00\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
SURROGATES = "\ud800-\udfff"
NOT_RENDERABLE = re.compile(f"[{CONTROLS}{SURROGATES}{NONCHARACTERS}]")
LINE_BREAKS = "\n\r"
NOT_ON_ONE_LINE = re.compile(f"[{CONTROLS}{SURROGATES}{NONCHARACTERS}{LINE_BREAKS}]")
# U+FFFD, which a stored text's unrenderable characters become (migration 0015): visible,
# so an editor can find and mend them.
REPLACEMENT = "\ufffd"


# The same classes without the noncharacters beyond U+FFFF, and a pattern that finds any such
# character: `re` tests a class holding only BMP characters against a table, but one holding
# astral characters against each of its ranges in turn, ten times slower (~10 us a headline;
# the archive importer checks half a million texts per 100,000 files). Texts beyond the BMP are
# rare (emoji), and only those are searched again with the whole class.
BMP_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff"
NOT_RENDERABLE_IN_BMP = re.compile(f"[{CONTROLS}{SURROGATES}{BMP_NONCHARACTERS}]")
NOT_ON_ONE_LINE_IN_BMP = re.compile(f"[{CONTROLS}{SURROGATES}{BMP_NONCHARACTERS}{LINE_BREAKS}]")
BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


def first_unrenderable(text: str, *, multiline: bool = False) -> int | None:
    """Where the first character `text` may not hold is, or None when it renders anywhere."""
    if BEYOND_BMP.search(text):
        match = (NOT_RENDERABLE if multiline else NOT_ON_ONE_LINE).search(text)
    else:
        match = (NOT_RENDERABLE_IN_BMP if multiline else NOT_ON_ONE_LINE_IN_BMP).search(text)
    return match.start() if match else None


def text_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why `text` cannot render in every output ("holds ..."), or None when it can."""
    at = first_unrenderable(text, multiline=multiline)
    return None if at is None else describe(text[at])


def describe(character: str) -> str:
    code = f"U+{ord(character):04X}"
    if character in LINE_BREAKS:
        return f"holds a line break ({code}), which a one-line text cannot"
    if "\ud800" <= character <= "\udfff":
        return f"holds a lone surrogate ({code}), which is not a character"
    if NOT_RENDERABLE.fullmatch(character) and ord(character) > 0x9F:
        return f"holds a noncharacter ({code}), which pages and feeds cannot carry"
    return f"holds a control character ({code}), which pages and feeds cannot carry"


def repaired(text: str, *, multiline: bool = False, spelled_out: bool = False) -> str:
    """`text` with each character the rule refuses made U+FFFD (a line break, a space);
    `spelled_out`, its code instead (`U+0007`), where two texts must stay apart."""
    if not multiline:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    if spelled_out:
        return NOT_RENDERABLE.sub(lambda match: f"U+{ord(match[0]):04X}", text)
    return NOT_RENDERABLE.sub(REPLACEMENT, text)


def database_pattern(vendor: str, *, multiline: bool = False) -> str:
    """The refused characters as a pattern for `__regex` on `vendor`'s database."""
    characters = CONTROLS if vendor != "postgresql" else CONTROLS.removeprefix("\x00")
    # Lone surrogates cannot be stored in either database (both keep UTF-8).
    return f"[{characters}{NONCHARACTERS}{'' if multiline else LINE_BREAKS}]"


def validate_one_line(value: str) -> None:
    """Field validator: a one-line text that renders in every output."""
    _refuse(text_problem(value, multiline=False))


def validate_multiline(value: str) -> None:
    """Field validator: a text of lines and paragraphs that renders in every output."""
    _refuse(text_problem(value, multiline=True))


def _refuse(problem: str | None) -> None:
    if problem:
        message = _("This text %(problem)s; remove it.")
        raise ValidationError(message, code="unrenderable", params={"problem": problem})
