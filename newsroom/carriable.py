"""What the markdown archive can carry: a text the CMS accepts must read back from the export
as the same text (docs/archive-format.md), or it is refused where it is typed.

The importer cannot produce these: its parser reads each of them as the format says (a section
heading ends the summary, `Cover Image` is the cover, `](` ends a link). Typed in the CMS, they
would come back from an export as something else: a summary line `### Sources:` as a list of
sources another site could put there, a source called "Cover Image" as the event's cover.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The archive's own syntax these rules guard (events.archive.parser reads it): a source named
# so is the event's cover, and a line like this starts a section.
COVER_IMAGE_NAME = "Cover Image"
SECTION_LINE = re.compile(r"^###[ \t]*(?P<name>Sources?|Related)[ \t]*:[ \t]*$", re.IGNORECASE)
LINE_ENDS = re.compile(r"\r\n|\r|\n")
# An archive link `[text](target)` is read by its last `](`: one inside a context or an address
# would end the link there.
LINK_BREAK = "]("
# A related line's context names its topics with commas between them: a topic's own name
# cannot hold one.
TOPIC_SEPARATOR = ","


def summary_problem(summary: str) -> str | None:
    for line in LINE_ENDS.split(summary):
        if SECTION_LINE.match(line):
            return f"holds the line {line.strip()!r}, which the archive reads as a new section"
    return None


def validate_summary(summary: str) -> None:
    _refuse(summary_problem(summary))


def validate_source_name(name: str) -> None:
    if name.strip(" \t").casefold() == COVER_IMAGE_NAME.casefold():
        _refuse(f"is {COVER_IMAGE_NAME!r}, which the archive reads as the cover image")


def topic_name_problem(name: str) -> str | None:
    if TOPIC_SEPARATOR in name:
        return f"holds {TOPIC_SEPARATOR!r}, which separates the topics of a related line"
    return None


def validate_topic_name(name: str) -> None:
    _refuse(topic_name_problem(name))


def validate_context(context: str) -> None:
    if LINK_BREAK in context:
        _refuse(f"holds {LINK_BREAK!r}, which ends a link in the archive")


def _refuse(problem: str | None) -> None:
    if problem:
        message = _("This text %(problem)s; reword it.")
        raise ValidationError(message, code="not_in_archive", params={"problem": problem})
