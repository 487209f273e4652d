"""What an event looked like in a revision, or now, and the readable difference between two.

A readable version holds what an editor reads: the event's own fields as text, its sources,
related links and topics as lists of lines. Revisions and the conflict check both compare them.
"""

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sources.models import Source

from ..models import Event, Related, TaggedEvent, Topic

# The event's own fields an editor compares, in the order of the change form.
COMPARED_FIELDS = (
    ("headline", _("Headline")),
    ("summary", _("Summary")),
    ("status", _("Status")),
    ("publish_at", _("Publish at")),
    ("date", _("Date")),
    ("position", _("Position in the day")),
    ("slug", _("Slug")),
    ("cover_image_url", _("Cover image URL")),
)
WORDS = re.compile(r"(\s+)")
CONFLICT_TEXT_LIMIT = 120


@dataclass(frozen=True)
class ReadableVersion:
    fields: dict[str, str]
    sources: tuple[str, ...]
    related: tuple[str, ...]
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Change:
    """One difference. Text fields: word segments (kind, text) on each side, kind being
    "same", "removed" or "added". Lists: the lines removed and added."""

    label: str
    old_text: str = ""
    new_text: str = ""
    old_segments: tuple = ()
    new_segments: tuple = ()
    removed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    is_list: bool = False

    def describe(self) -> str:
        """One plain line, for messages."""
        if self.is_list:
            parts = [f"removed {line}" for line in self.removed]
            parts += [f"added {line}" for line in self.added]
            return f"{self.label}: {'; '.join(parts) or 'order changed'}"
        return f"{self.label}: “{_cut(self.old_text)}” → “{_cut(self.new_text)}”"


def stored_rows(revision) -> dict[type, list[dict]]:
    """Every model's rows in `revision`, as dicts of attribute name -> value."""
    rows = defaultdict(list)
    for version in revision.version_set.select_related("content_type"):
        rows[version.content_type.model_class()].append(version.field_dict)
    return rows


def event_row(rows: dict[type, list[dict]], event_id: int) -> dict | None:
    return next((row for row in rows.get(Event, []) if row["id"] == event_id), None)


def from_rows(rows: dict[type, list[dict]], event_id: int) -> ReadableVersion:
    """The readable version of event `event_id` in a revision's rows (see `stored_rows`)."""
    event = event_row(rows, event_id)
    sources = sorted(
        (row for row in rows.get(Source, []) if row["event_id"] == event_id), key=_in_order
    )
    related = sorted(
        (row for row in rows.get(Related, []) if row["event_id"] == event_id), key=_in_order
    )
    topic_rows = [row for row in rows.get(TaggedEvent, []) if row["content_object_id"] == event_id]
    names = {row["id"]: row["name"] for row in rows.get(Topic, [])}
    unknown = {row["tag_id"] for row in topic_rows} - names.keys()
    if unknown:  # revisions made before topics were kept in them
        names.update(Topic.objects.filter(pk__in=unknown).values_list("pk", "name"))
    topic_names = [
        name
        for _position, name in sorted(
            # Revisions made before topics had an order hold no position: by name, as then.
            (row.get("position", 0), names.get(row["tag_id"], f"#{row['tag_id']} (deleted topic)"))
            for row in topic_rows
        )
    ]
    return ReadableVersion(
        fields={name: _display(name, event[name]) for name, _label in COMPARED_FIELDS},
        sources=tuple(_source_line(row) for row in sources),
        related=tuple(_related_line(row) for row in related),
        topics=tuple(topic_names),
    )


def from_database(event: Event) -> ReadableVersion:
    """The readable version of `event` as the database holds it now: three queries."""
    sources = Source.objects.filter(event=event).order_by("position", "pk")
    related = Related.objects.filter(event=event).order_by("position", "pk")
    # The event's own topics in the editor's order; those its links' targets give it follow
    # the links.
    topics = TaggedEvent.objects.filter(content_object=event, own=True).order_by(
        "position", "tag__name"
    )
    return ReadableVersion(
        fields={name: _display(name, getattr(event, name)) for name, _label in COMPARED_FIELDS},
        sources=tuple(_source_line(row) for row in sources.values("name", "url")),
        related=tuple(
            _related_line(row)
            for row in related.values("target_headline", "target_path", "context")
        ),
        topics=tuple(topics.values_list("tag__name", flat=True)),
    )


def differences(old: ReadableVersion, new: ReadableVersion) -> list[Change]:
    changes = []
    for name, label in COMPARED_FIELDS:
        before, after = old.fields[name], new.fields[name]
        if before != after:
            old_segments, new_segments = _word_diff(before, after)
            changes.append(
                Change(str(label), before, after, tuple(old_segments), tuple(new_segments))
            )
    for label, before, after in (
        (_("Sources"), old.sources, new.sources),
        (_("Related events"), old.related, new.related),
        (_("Topics"), old.topics, new.topics),
    ):
        if before != after:
            removed = tuple(line for line in before if line not in after)
            added = tuple(line for line in after if line not in before)
            changes.append(Change(str(label), removed=removed, added=added, is_list=True))
    return changes


def _in_order(row: dict):
    return (row["position"], row["id"] or 0)


def _display(name: str, value) -> str:
    if value is None:
        return ""
    if name == "status":
        return str(Event.Status(value).label)
    if name == "publish_at":
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M %Z")
    if name == "date":
        return value.isoformat()
    return str(value)


def _source_line(row: dict) -> str:
    return f"{row['name']} — {row['url']}"


def _related_line(row: dict) -> str:
    line = f"{row['target_headline']} ({row['target_path']})"
    return f"{line} · {row['context']}" if row["context"] else line


def _word_diff(old: str, new: str) -> tuple[list, list]:
    """Word-level segments of both sides, so a one-word edit of a long summary stands out."""
    old_words, new_words = WORDS.split(old), WORDS.split(new)
    old_segments, new_segments = [], []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(old_words[i1:i2]), "".join(new_words[j1:j2])
        if op == "equal":
            old_segments.append(("same", before))
            new_segments.append(("same", after))
            continue
        if before:
            old_segments.append(("removed", before))
        if after:
            new_segments.append(("added", after))
    return old_segments, new_segments


def _cut(text: str) -> str:
    if len(text) <= CONFLICT_TEXT_LIMIT:
        return text
    return text[: CONFLICT_TEXT_LIMIT - 1] + "…"
