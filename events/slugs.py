"""The archive's slug rule, shared by the CMS and the importer's checks, and topics' slugs."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from newsroom.renderable import text_problem

SLUG_SOURCE_LENGTH = 140
NOT_SLUG_CHARS = re.compile(r"[^a-z0-9]+")
FALLBACK_SLUG = "event"
FALLBACK_TOPIC_SLUG = "topic"


def archive_slug(headline: str) -> str:
    """`lowercase(headline[:140])`, runs of non a-z0-9 -> '-', trimmed (docs/archive-format.md)."""
    slug = NOT_SLUG_CHARS.sub("-", headline[:SLUG_SOURCE_LENGTH].lower()).strip("-")
    # A headline with no ASCII letters or digits still needs an address.
    return slug or FALLBACK_SLUG


# Names that make no address: browsers resolve `.` and `..` to the folder above.
NO_ADDRESS_SLUGS = {"", ".", ".."}
# The day's own file in the archive (`index.md`): an event called so would overwrite it.
RESERVED_SLUGS = {"index"}
# The longest file name most file systems allow (ext4, XFS, btrfs, APFS), in bytes.
FILE_NAME_BYTES = 255
# A typed slug leaves room for its longest file, a snapshot `<slug>.source-N.txt` (N to 99,999).
SLUG_BYTES = FILE_NAME_BYTES - len(".source-99999.txt")
# Control characters and line or paragraph separators: a slug holding one names its snapshot
# files ambiguously and gives an address no one can type.
INVISIBLE_BREAKS = {"Cc", "Zl", "Zp"}
# An archive link `[text](/news/.../<slug>.md)` ends at whitespace and is read by its brackets
# and parentheses: a slug holding one would be exported as a link that does not read back.
LINK_BREAKING = set("()[]")
# Any of the above, found in one pass (a loop over the slug's characters in Python cost ~60 us
# per imported file): categories Cc (U+0000-U+001F, U+007F-U+009F), Zl and Zp (U+2028, U+2029);
# `\s` is Python's `str.isspace()`.
BREAKS_ADDRESS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029/\s()\[\]]")


def address_problem(slug: str) -> str | None:
    """Why `slug` cannot be an event's address, or None.

    One rule for every slug, imported or typed in the CMS: the slug is one segment of the
    event's page address and its archive file's name, and archive links to it must read back.
    """
    if slug in NO_ADDRESS_SLUGS:
        return "gives the event no address (no slug, `.` or `..`)"
    if slug in RESERVED_SLUGS:
        return f"is {slug!r}, the name of the day's own file in the archive"
    breaking = BREAKS_ADDRESS.search(slug)
    if breaking:
        return _breaking_character_problem(breaking[0])
    return text_problem(slug)  # lone surrogates (a file name not in UTF-8), noncharacters


def _breaking_character_problem(character: str) -> str:
    if unicodedata.category(character) in INVISIBLE_BREAKS:
        return f"holds a control character (U+{ord(character):04X})"
    if character == "/":
        return "holds a `/`, which would make it two parts of an address"
    if character.isspace():
        return (
            f"holds a space or other white space (U+{ord(character):04X}), "
            "which ends a link in the archive"
        )
    return f"holds {character!r}, which archive links cannot carry in an address"


def validate_address_slug(slug: str) -> None:
    """Field validator: the CMS holds typed slugs to the archive's rule for addresses, and
    to a length in bytes its files' names can have (an imported file's name, and its
    snapshots', were names on disk already)."""
    problem = address_problem(slug)
    if problem is None and len(slug.encode("utf-8")) > SLUG_BYTES:
        problem = (
            f"is {len(slug.encode('utf-8'))} bytes long in UTF-8; the archive's file names "
            f"leave a slug {SLUG_BYTES} bytes (a letter with an accent takes two)"
        )
    if problem:
        raise ValidationError(_("This slug %(problem)s."), params={"problem": problem})


def topic_slug_base(name: str) -> str:
    """A topic's slug before any `-2` that keeps it unique: its name, slugified."""
    return slugify(name, allow_unicode=True)[:240] or FALLBACK_TOPIC_SLUG
