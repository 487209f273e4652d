"""Stored texts that break newsroom.renderable's rule, mended in place (the data migrations
`events.0015_renderable_texts` and `sources.0005_renderable_texts`).

Rows stored before the rule held may carry a character no feed can: one such headline
answered 500 on /feeds/latest/ for everyone. Each such character becomes U+FFFD (visible, so an
editor can find it), a line break in a one-line text a space. The database finds the rows (a
regular expression over the column: few rows match, none is read otherwise).
"""

from django.db import connections
from django.db.models.functions import Now

from .renderable import database_pattern, repaired


def repair_texts(model, using: str, *, one_line=(), multiline=()) -> set[int]:
    """Mend `model`'s columns `one_line` and `multiline`; the ids of the rows mended."""
    mended = set()
    manager = model._default_manager.db_manager(using)
    vendor = connections[using].vendor
    for names, lines in ((one_line, False), (multiline, True)):
        pattern = database_pattern(vendor, multiline=lines)
        for name in names:
            unique = model._meta.get_field(name).unique
            found = manager.filter(**{f"{name}__regex": pattern}).values_list("pk", name)
            for pk, value in list(found):
                new = repaired(value, multiline=lines)
                if unique and manager.filter(**{name: new}).exclude(pk=pk).exists():
                    new = repaired(value, multiline=lines, spelled_out=True)
                manager.filter(pk=pk).update(**{name: new})
                mended.add(pk)
    return mended


def mark_events_changed(event_model, using: str, event_ids) -> None:
    """What the read API shows of these events changed: their change time moves
    (events.last_change), so a copy synced with `updated_since` fetches them again."""
    event_model._default_manager.db_manager(using).filter(pk__in=list(event_ids)).update(
        updated_at=Now()
    )
