"""Plain data for one archive event, independent of the database and of the file's form."""

import datetime
from dataclasses import dataclass, field

from sources.snapshots import Snapshot


@dataclass(frozen=True)
class Problem:
    """One refusal or warning, reported as `path:line: reason`."""

    path: str
    line: int
    reason: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass
class SourceItem:
    name: str
    url: str
    snapshot: Snapshot | None = None


@dataclass
class RelatedItem:
    headline: str
    path: str
    context: str = ""


@dataclass
class ArchiveEvent:
    """Everything an event file holds. `cover_position` keeps where the cover was listed."""

    date: datetime.date
    slug: str
    headline: str
    summary: str = ""
    sources: list[SourceItem] = field(default_factory=list)
    cover_url: str = ""
    cover_position: int | None = None
    related: list[RelatedItem] = field(default_factory=list)

    @property
    def path(self) -> str:
        """The file's path as archive links write it: `/news/2012/02/8/<slug>.md`."""
        return f"{day_folder(self.date)}/{self.slug}.md"


def day_folder(date: datetime.date) -> str:
    """`/news/2012/02/8`: 4-digit year, zero-padded month, unpadded day."""
    return f"/news/{date.year:04d}/{date.month:02d}/{date.day}"


def date_text(date: datetime.date) -> str:
    """`2012-02-8`, as the date line and index headings write it."""
    return f"{date.year:04d}-{date.month:02d}-{date.day}"
