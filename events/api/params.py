"""The query parameters of each endpoint, and the refusal of any other.

A misspelt parameter (`date_form=`) silently ignored would return the whole archive as if it
were the answer; neither django-ninja nor pydantic refuses one, so `only(Params)` does: 400,
naming it and the parameters the endpoint takes.
"""

import datetime
import re
from functools import wraps
from typing import Annotated, Literal

from ninja import Field, Schema
from ninja.decorators import decorate_view
from pydantic import BeforeValidator, StringConstraints

from .errors import BAD_REQUEST, BadParameter, error_response

# Text a database can hold: no NUL (PostgreSQL refuses it in a string) and a sane length.
Text = Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\x00]*$")]
# Dates and moments exactly as the schema's formats say (RFC 3339), nothing looser: pydantic
# alone would also take numbers (`0`, a Unix time) and ISO's compact forms (`20120208`).
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
TIME = r"[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
MOMENT = re.compile(DATE.pattern + r"[Tt ]" + TIME + r"([Zz]|[+-][0-9]{2}:[0-9]{2})")


def iso_date(value):
    if isinstance(value, str) and DATE.fullmatch(value):
        return datetime.date.fromisoformat(value)
    raise ValueError("A date as YYYY-MM-DD, such as 2012-02-08.")


def utc_moment(value):
    if isinstance(value, str) and MOMENT.fullmatch(value):
        try:
            return datetime.datetime.fromisoformat(value.upper()).astimezone(datetime.UTC)
        except OverflowError:
            pass
    raise ValueError("A moment with its offset, such as 2012-02-08T09:30:00Z.")


IsoDate = Annotated[datetime.date, BeforeValidator(iso_date)]
Moment = Annotated[datetime.datetime, BeforeValidator(utc_moment)]
PAGE_SIZE = 50
MOST_PER_PAGE = 200
MOST_TOPICS = 10
MOST_OUTLETS = 10


class Page(Schema):
    cursor: Text | None = Field(None, description="From the previous page's `next_cursor`.")
    limit: int = Field(PAGE_SIZE, ge=1, le=MOST_PER_PAGE, description="Results per page.")

    @property
    def page(self) -> tuple[str | None, int]:
        return self.cursor, self.limit


class DateRange(Schema):
    date_from: IsoDate | None = Field(None, description="On or after this day.")
    date_to: IsoDate | None = Field(None, description="On or before this day.")

    def check_range(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise BadParameter("date_to", "date_to must be on or after date_from.")


class EventFilters(Page, DateRange):
    date: IsoDate | None = Field(None, description="Events of this day.")
    topic: list[Text] = Field(
        default_factory=list,
        max_length=MOST_TOPICS,
        description="A topic's slug; repeated, events that have every one of them.",
    )
    outlet: list[Text] = Field(
        default_factory=list,
        max_length=MOST_OUTLETS,
        description="Events citing an outlet: its domain (`bbc.co.uk`; a domain merged into "
        "another finds that one's), or else part of a source's name as written (`BBC`); "
        "repeated, events citing every one of them.",
    )
    q: Text | None = Field(None, description="Words, as the site's search reads them.")
    updated_since: Moment | None = Field(
        None,
        description="Events changed at or after this moment, such as 2012-02-08T09:30:00Z: "
        "edited, their sources, links or topics changed, or (scheduled) became public.",
    )
    ordering: Literal["date", "-date", "updated", "-updated"] = Field(
        "date",
        description="`date`: by date, then place in the day (the archive's order); "
        "`updated`: by last change, for syncing a copy. `-` for the reverse.",
    )


class WithdrawalFilters(Page):
    since: Moment = Field(
        description="Events that stopped being public at or after this moment, such as "
        "2012-02-08T09:30:00Z: the time of the previous sync."
    )


class DayFilters(Page, DateRange):
    pass


class TopicFilters(Page):
    prefix: Text | None = Field(None, description="Topics whose name starts with this (any case).")


class OutletFilters(Page):
    prefix: Text | None = Field(
        None, description="Outlets whose domain or name starts with this (any case)."
    )
    domain: Text | None = Field(
        None, description="The outlet of this domain (a domain merged into another: that one)."
    )


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
