"""The query parameters of each endpoint, and the refusal of any other.

A misspelt parameter (`date_form=`) silently ignored would return the whole archive as if it
were the answer; neither django-ninja nor pydantic refuses one, so `only(Params)` does: 400,
naming it and the parameters the endpoint takes.
"""

import datetime
from functools import wraps
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Field, Schema
from ninja.decorators import decorate_view
from pydantic import StringConstraints, field_validator

from .errors import BAD_REQUEST, BadParameter, error_response

# Text a database can hold: no NUL (PostgreSQL refuses it in a string) and a sane length.
Text = Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\x00]*$")]
PAGE_SIZE = 50
MOST_PER_PAGE = 200
MOST_TOPICS = 10


class Page(Schema):
    cursor: Text | None = Field(None, description="From the previous page's `next_cursor`.")
    limit: int = Field(PAGE_SIZE, ge=1, le=MOST_PER_PAGE, description="Results per page.")

    @property
    def page(self) -> tuple[str | None, int]:
        return self.cursor, self.limit


class DateRange(Schema):
    date_from: datetime.date | None = Field(None, description="On or after this day.")
    date_to: datetime.date | None = Field(None, description="On or before this day.")

    def check_range(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise BadParameter("date_to", "date_to must be on or after date_from.")


class EventFilters(Page, DateRange):
    date: datetime.date | None = Field(None, description="Events of this day.")
    topic: list[Text] = Field(
        default_factory=list,
        max_length=MOST_TOPICS,
        description="A topic's slug; repeated, events that have every one of them.",
    )
    outlet: Text | None = Field(None, description="Events citing an outlet whose name holds this.")
    q: Text | None = Field(None, description="Words, as the site's search reads them.")
    updated_since: datetime.datetime | None = Field(
        None, description="Events changed at or after this moment (ISO 8601; UTC if no offset)."
    )
    ordering: Literal["date", "-date", "updated", "-updated"] = Field(
        "date",
        description="`date`: by date, then place in the day (the archive's order); "
        "`updated`: by last change, for syncing a copy. `-` for the reverse.",
    )

    @field_validator("updated_since")
    @classmethod
    def in_utc(cls, value):
        if value is None:
            return value
        if timezone.is_naive(value):
            value = value.replace(tzinfo=datetime.UTC)
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError:
            raise ValueError("A moment between years 1 and 9999, in UTC.") from None


class DayFilters(Page, DateRange):
    pass


class TopicFilters(Page):
    prefix: Text | None = Field(None, description="Topics whose name starts with this (any case).")


class NoParameters(Schema):
    pass


def names_of(params: type[Schema]) -> list[str]:
    return sorted(field.alias or name for name, field in params.model_fields.items())


def only(params: type[Schema]):
    """An endpoint's view decorator: refuse query parameters `params` does not declare."""
    allowed = set(names_of(params))

    def check(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            unknown = sorted(set(request.GET) - allowed)
            if unknown:
                takes = ", ".join(sorted(allowed)) or "no parameters"
                errors = [
                    {"field": name, "message": f"Unknown parameter; this takes {takes}."}
                    for name in unknown
                ]
                return error_response(BAD_REQUEST, errors, 400)
            return view(request, *args, **kwargs)

        return checked

    return decorate_view(check)
