"""The write oracle's markdown archive (tests/test_write_oracle.py): a small one to start
from, written as files the way docs/archive-format.md describes them.

Events are kept as `ArchiveEvent` specs keyed by their file's path, so a step can change one
(a headline, a source, a related line and its contexts) and write the file again.
"""

import datetime
from dataclasses import dataclass, replace
from pathlib import Path

from events.slugs import archive_slug

# Topic names the archive's contexts and the admin's topic fields draw from.
TOPIC_NAMES = ["Chongqing", "Wang Lijun", "Bo Xilai", "Greece", "Syria", "Homs", "Chengdu"]
OUTLETS = {
    "BBC": "https://www.bbc.co.uk/news/world-{n}",
    "Reuters": "https://www.reuters.com/article/story-{n}",
    "The Guardian": "https://www.theguardian.com/world/2012/feb/{n}",
    "The New York Times": "https://www.nytimes.com/2012/02/{n}.html",
}
# Paths on the local page server (tests/page_server.py): a link that answers 404, an article.
MISSING_PATH, ARTICLE_PATH = "/news/missing", "/news/article"


@dataclass(frozen=True)
class RelatedLine:
    path: str  # /news/YYYY/MM/D/<slug>.md
    headline: str
    context: tuple[str, ...]


@dataclass(frozen=True)
class ArchiveEvent:
    date: datetime.date
    headline: str
    summary: str = ""
    sources: tuple[tuple[str, str], ...] = ()
    related: tuple[RelatedLine, ...] = ()
    slug: str = ""

    def __post_init__(self):
        if not self.slug:
            object.__setattr__(self, "slug", archive_slug(self.headline))

    @property
    def path(self) -> str:
        d = self.date
        return f"/news/{d.year:04d}/{d.month:02d}/{d.day}/{self.slug}.md"

    def markdown(self) -> str:
        d = self.date
        lines = [f"### [{d.year:04d}-{d.month:02d}-{d.day}](/news/{d:%Y/%m}/{d.day}/index.md)"]
        lines += ["", f"# {self.headline} ", "", self.summary, "", ""]
        if self.sources:
            lines += ["### Source:", ""]
            lines += [f"1. [{name}]({url})" for name, url in self.sources]
            lines.append("")
        if self.related:
            lines += ["### Related:", ""]
            lines += [
                f"{number}. [{line.headline} ]({line.path}) _Context: {', '.join(line.context)}_"
                for number, line in enumerate(self.related, start=1)
            ]
            lines.append("")
        return "\n".join(lines)


def source(outlet: str, n: int) -> tuple[str, str]:
    return outlet, OUTLETS[outlet].format(n=n)


def first_archive(local_base: str) -> list[ArchiveEvent]:
    """Ten events over four days; their related lines give topics (several events give one
    target the same topic), one line names an event the archive does not have yet."""
    day = datetime.date(2012, 2, 7)
    days = [day + datetime.timedelta(days=n) for n in range(4)]
    wang = ArchiveEvent(days[0], "Wang Lijun, police chief of Chongqing, is moved to a new post.")
    greece = ArchiveEvent(days[0], "Greek parliament debates a second austerity package.")
    consulate = ArchiveEvent(days[1], "Wang Lijun visits the United States consulate in Chengdu.")
    homs = ArchiveEvent(days[1], "Syrian forces shell the city of Homs for a fifth day.")
    bailout = ArchiveEvent(days[2], "Eurozone ministers delay the Greek bailout decision.")
    observers = ArchiveEvent(days[2], "Arab League observers leave Syria.")
    refugees = ArchiveEvent(days[2], "Homs residents flee across the border to Lebanon.")
    kunming = ArchiveEvent(days[3], "Bo Xilai visits Kunming amid rumours about his police chief.")
    police = ArchiveEvent(days[3], "Chengdu police surround the consulate overnight.")
    male = ArchiveEvent(days[3], "The president of the Maldives resigns after a police mutiny.")

    def line(target, *context):
        return RelatedLine(target.path, target.headline, context)

    maldives_next = RelatedLine(
        f"/news/2012/02/11/{archive_slug(MALDIVES_HEADLINE)}.md", MALDIVES_HEADLINE, ("Maldives",)
    )
    return [
        replace(
            wang,
            summary="A top policeman goes on leave.",
            sources=(source("BBC", 1), source("Reuters", 2)),
            related=(line(homs, "Chongqing", "Wang Lijun"), line(kunming, "Bo Xilai")),
        ),
        replace(greece, sources=(source("The Guardian", 3),), related=(line(bailout, "Greece"),)),
        replace(
            consulate,
            sources=(source("BBC", 4), source("The New York Times", 5)),
            related=(line(wang, "Chongqing", "Wang Lijun"), line(police, "Chengdu")),
        ),
        replace(homs, sources=(source("Reuters", 6),), related=(line(observers, "Syria", "Homs"),)),
        replace(
            bailout,
            summary="A decision waits for next week.",
            sources=(source("The Guardian", 7), source("Reuters", 8)),
            related=(line(greece, "Greece"),),
        ),
        replace(observers, sources=(source("BBC", 9),), related=(line(homs, "Syria"),)),
        replace(refugees, related=(line(homs, "Homs", "Syria"),)),
        replace(
            kunming,
            sources=(source("The New York Times", 10),),
            related=(line(wang, "Chongqing", "Bo Xilai"), line(consulate, "Chongqing")),
        ),
        replace(
            police,
            sources=(
                ("Local Courier", local_base + MISSING_PATH),
                ("Local Courier", local_base + ARTICLE_PATH),
            ),
            related=(line(consulate, "Chengdu", "Wang Lijun"),),
        ),
        replace(male, related=(maldives_next,)),
    ]


# The event the Maldives line waits for; the admin adds it while the archive is built.
MALDIVES_HEADLINE = "Protests fill the streets of Male after the resignation."
MALDIVES_DATE = datetime.date(2012, 2, 11)


def write_archive(root: Path, events: dict[str, ArchiveEvent]) -> None:
    """Every event's file, as the importer reads them (`root/news/YYYY/MM/D/<slug>.md`)."""
    for event in events.values():
        write_file(root, event)


def write_file(root: Path, event: ArchiveEvent) -> None:
    path = root / event.path.lstrip("/")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(event.markdown(), encoding="utf-8")
