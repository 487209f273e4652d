"""Changes to the oracle's archive files before a re-import (tests/test_write_oracle.py): a
file's headline, a source, a related line and its contexts; or a new file."""

from dataclasses import replace

from hypothesis import strategies as st

from events.models import Event
from tests.oracle_archive import ArchiveEvent, RelatedLine
from tests.oracle_event_form import DAYS, contexts, headlines, source_urls


def link_to(data, label: str) -> RelatedLine | None:
    """A related line to an event as the archive would name it now (its current address)."""
    events = list(Event.objects.order_by("pk").values_list("date", "slug", "headline"))
    if not events:
        return None
    date, slug, headline = data.draw(st.sampled_from(events), label=label)
    path = f"/news/{date:%Y/%m}/{date.day}/{slug}.md"
    return RelatedLine(path, headline, tuple(data.draw(contexts(), label="context")))


def changed_file(data, event: ArchiveEvent) -> tuple[ArchiveEvent, str]:
    """One change to an event's file; what it was, for the step's name."""
    part = data.draw(st.sampled_from(["headline", "source", "related"]), label="file part")
    if part == "headline":
        headline = data.draw(headlines(), label="headline")
        return replace(event, headline=headline), f"headline {headline!r}"
    if part == "source":
        sources = list(event.sources)
        new = data.draw(source_urls(), label="source")
        if sources and data.draw(st.booleans(), label="replace a source"):
            index = data.draw(st.integers(0, len(sources) - 1), label="source number")
            sources[index] = new
        else:
            sources.append(new)
        return replace(event, sources=tuple(sources)), f"sources {sources}"
    related = list(event.related)
    if related and data.draw(st.booleans(), label="change a line's contexts"):
        index = data.draw(st.integers(0, len(related) - 1), label="line number")
        context = tuple(data.draw(contexts(), label="context"))
        related[index] = replace(related[index], context=context)
    else:
        line = link_to(data, "related line target")
        if line is not None:
            related.append(line)
    return replace(event, related=tuple(related)), f"related {related}"


def new_file(data) -> ArchiveEvent:
    related = [line for line in [link_to(data, "new file's related line")] if line]
    return ArchiveEvent(
        date=data.draw(st.sampled_from(DAYS), label="new file's day"),
        headline=data.draw(headlines(), label="new file's headline"),
        sources=(data.draw(source_urls(), label="new file's source"),),
        related=tuple(related),
    )
