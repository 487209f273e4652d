"""Cursor pagination on the whole ordering key: stable while events are added.

A page ends with the key of its last row (date, position, id; or last change, id); the next
page is the rows after that key, `WHERE key > last ORDER BY key LIMIT n`. An event added
meanwhile lands before or after the cursor and never shifts the rows still to come, so a walk
returns every event that existed when it started exactly once (an offset would skip or repeat
one for every insert before it). The key ends with the id, so it is unique.

The cursor is the key itself, base64url-encoded JSON: opaque to clients, checked when read.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import F, Q

from newsroom.renderable import text_problem

from .errors import BadParameter


@dataclass(frozen=True)
class Ordering:
    """An ordering's key: (field, descending) pairs, the last one unique."""

    name: str
    key: tuple[tuple[str, bool], ...]

    def order_by(self) -> list:
        return [F(field).desc() if descending else F(field).asc() for field, descending in self.key]

    def after(self, values: list) -> Q:
        """Rows strictly after `values` in this ordering: one branch per key length."""
        branches = []
        for depth, (field, descending) in enumerate(self.key):
            before = zip(self.key[:depth], values[:depth], strict=True)
            equal = {name: value for (name, _), value in before}
            beyond = {f"{field}__{'lt' if descending else 'gt'}": values[depth]}
            branches.append(Q(**equal, **beyond))
        return reduce(or_, branches)

    def cursor_of(self, row) -> str:
        values = [_dumped(getattr(row, field)) for field, _ in self.key]
        text = json.dumps([self.name, *values], separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    def read(self, cursor: str, types: tuple) -> list:
        """The key values in `cursor`, which must come from this ordering."""
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            name, *values = json.loads(base64.urlsafe_b64decode(padded.encode()))
            if name != self.name or len(values) != len(self.key):
                raise ValueError
            return [kind(value) for kind, value in zip(types, values, strict=True)]
        except (ValueError, TypeError, OverflowError, binascii.Error, UnicodeError):
            raise BadParameter(
                "cursor", "Not a cursor of this list and ordering; use the `next` address."
            ) from None


def _dumped(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def whole_number(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
        raise ValueError
    return value


def iso_date(value) -> datetime.date:
    return datetime.date.fromisoformat(value)


def iso_moment(value) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError
    # In UTC, as the databases compare it: 0001-01-01T00:00:00+14:00 has no UTC time
    # (OverflowError, a 400 here rather than a 500 inside the query).
    return moment.astimezone(datetime.UTC)


def text(value) -> str:
    # JSON can spell a lone surrogate (`"\\ud800"`), which no database can take; nor NUL.
    if not isinstance(value, str) or text_problem(value, multiline=True):
        raise ValueError
    return value
