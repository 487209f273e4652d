"""Write ArchiveEvent data in the archive's canonical form (docs/archive-format.md).

For a file in canonical form, render(parse(file)) gives the same bytes back.
"""

import datetime

from newsroom.carriable import COVER_IMAGE_NAME

from .document import ArchiveEvent, date_text, day_folder


def render_event(event: ArchiveEvent) -> str:
    head = (
        f"### [{date_text(event.date)}]({day_folder(event.date)}/index.md)\n"
        f"\n"
        f"# {event.headline} \n"
        f"\n"
        f"{event.summary}\n"
    )
    sections = [
        _section("Source", [f"1. [{name}]({url})" for name, url in _source_links(event)]),
        _section(
            "Related",
            [f"{n}. {_related_link(item)}" for n, item in enumerate(event.related, start=1)],
        ),
    ]
    sections = [section for section in sections if section]
    if not sections:
        return head
    # The summary is followed by two blank lines, and sections by one.
    return head + "\n\n" + "\n".join(sections)


def _source_links(event: ArchiveEvent) -> list[tuple[str, str]]:
    links = [(source.name, source.url) for source in event.sources]
    if event.cover_url:
        at = len(links) if event.cover_position is None else min(event.cover_position, len(links))
        links.insert(at, (COVER_IMAGE_NAME, event.cover_url))
    return links


def _related_link(item) -> str:
    link = f"[{item.headline} ]({item.path})"
    return f"{link} _Context: {item.context}_" if item.context else link


def _section(title: str, lines: list[str]) -> str:
    if not lines:
        return ""
    return f"### {title}:\n\n" + "\n".join(lines) + "\n"


def render_index(date: datetime.date, events: list[ArchiveEvent]) -> str:
    """A day's `index.md`: its date, then its events in order, each linked to its file."""
    lines = [f"{n}. [{event.headline}]({event.path})" for n, event in enumerate(events, start=1)]
    return f"# {date_text(date)}\n\n" + "\n".join(lines) + "\n"


def snapshot_file_name(slug: str, number: int) -> str:
    """`<slug>.source-N.txt`, N counting the event's news sources from 1."""
    return f"{slug}.source-{number}.txt"
