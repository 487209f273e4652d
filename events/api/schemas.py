"""What the API's responses hold: each class is one object of the OpenAPI schema."""

import datetime

from ninja import Schema


class ListedTopic(Schema):
    """A topic as lists show it; `/api/v1/topics/{slug}` has the rest."""

    name: str
    slug: str


class TopicRef(ListedTopic):
    url: str
    api_url: str


class ListedSource(Schema):
    """A source as lists show it: the outlet as the archive writes it, and the report."""

    outlet: str
    url: str


class Source(ListedSource):
    has_snapshot: bool
    snapshot_url: str | None


class Snapshot(Schema):
    """The archived text of a cited report."""

    outlet: str
    url: str
    title: str
    text: str
    archived_at: datetime.datetime | None


class Related(Schema):
    """A link to another event. Resolved: the event is public, with its id and addresses.
    Unresolved: the event is not in the archive (yet); its archive path and headline."""

    resolved: bool
    headline: str
    archive_path: str
    context: list[str]
    id: int | None
    url: str | None
    api_url: str | None


class ListedEvent(Schema):
    id: int
    date: datetime.date
    position: int
    slug: str
    headline: str
    summary: str
    cover_image_url: str | None
    url: str
    api_url: str
    published_at: datetime.datetime
    updated_at: datetime.datetime
    topics: list[ListedTopic]
    sources: list[ListedSource]


class Event(ListedEvent):
    topics: list[TopicRef]
    sources: list[Source]
    related: list[Related]


class EventPage(Schema):
    """One page of events; `next` is the next page's address, null on the last."""

    results: list[ListedEvent]
    next: str | None
    next_cursor: str | None


class Withdrawn(Schema):
    """An event that is no longer public: its id, and when it stopped being public."""

    id: int
    withdrawn_at: datetime.datetime


class WithdrawalPage(Schema):
    results: list[Withdrawn]
    next: str | None
    next_cursor: str | None


class Day(Schema):
    date: datetime.date
    count: int
    url: str
    api_url: str


class DayPage(Schema):
    results: list[Day]
    next: str | None
    next_cursor: str | None


class DayEvents(Day):
    previous_day: datetime.date | None
    next_day: datetime.date | None
    events: list[ListedEvent]


class Topic(Schema):
    name: str
    slug: str
    count: int
    url: str
    api_url: str
    events_url: str


class TopicPage(Schema):
    results: list[Topic]
    next: str | None
    next_cursor: str | None


class Outlet(Schema):
    """A publisher, known by the registrable domain of its reports' addresses."""

    id: int
    domain: str
    name: str
    count: int
    sources: int
    url: str
    api_url: str
    events_url: str


class OutletDetail(Outlet):
    merged_domains: list[str]
    first_date: datetime.date
    latest_date: datetime.date


class OutletPage(Schema):
    results: list[Outlet]
    next: str | None
    next_cursor: str | None


class DumpFile(Schema):
    name: str
    format: str
    url: str
    bytes: int
    sha256: str


class Dump(Schema):
    format_version: int
    name: str
    created_at: datetime.datetime
    events: int
    sources: int
    topics: int
    files: list[DumpFile]


class Dumps(Schema):
    latest: Dump | None


class FieldError(Schema):
    field: str
    message: str


class Error(Schema):
    """Every error: what went wrong, and for a bad request each parameter at fault."""

    detail: str
    errors: list[FieldError]
