"""The query parameters of each endpoint, and the refusal of any other.

A misspelt parameter (`date_form=`) silently ignored would return the whole archive as if it
were the answer; neither django-ninja nor pydantic refuses one, so `only(Params)` does: 400,
naming it and the parameters the endpoint takes.
"""

import datetime
import re
import typing
from functools import wraps
from typing import Annotated, Literal

from ninja import Field, Path, Schema
from ninja.decorators import decorate_view
from pydantic import BeforeValidator, StringConstraints

from newsroom.parameters import LARGEST_ID, BadNumber, whole_number

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


def number_between(lowest: int, highest: int):
    """A pydantic check of newsroom.parameters' rule: ASCII digits within range (pydantic alone
    takes `1.0`, ` 1` and `+1`; Python's int() also `١`)."""

    def check(value):
        try:
            return whole_number(value, "it", lowest=lowest, highest=highest)
        except BadNumber as error:
            raise ValueError(error.rule[0].upper() + error.rule[1:] + ".") from None

    return BeforeValidator(check)


IsoDate = Annotated[datetime.date, BeforeValidator(iso_date)]
Moment = Annotated[datetime.datetime, BeforeValidator(utc_moment)]
PAGE_SIZE = 50
MOST_PER_PAGE = 200
# An id in an address: one the databases can hold.
IdInPath = Annotated[int, number_between(1, LARGEST_ID), Path(ge=1, le=LARGEST_ID)]
Limit = Annotated[int, number_between(1, MOST_PER_PAGE)]
MOST_TOPICS = 10
MOST_OUTLETS = 10


class Page(Schema):
    cursor: Text | None = Field(None, description="From the previous page's `next_cursor`.")
    limit: Limit = Field(PAGE_SIZE, ge=1, le=MOST_PER_PAGE, description="Results per page.")

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


def repeatable_names_of(params: type[Schema]) -> set[str]:
    """The parameters that take several values (a list): `topic`, `outlet`."""
    return {
        field.alias or name
        for name, field in params.model_fields.items()
        if typing.get_origin(field.annotation) is list
    }


def only(params: type[Schema]):
    """An endpoint's view decorator: refuse query parameters `params` does not declare, and a
    parameter that takes one value given twice (`limit=2&limit=3`: which one was meant?)."""
    allowed = set(names_of(params))
    repeatable = repeatable_names_of(params)

    def check(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if errors := parameter_errors(request.GET, allowed, repeatable):
                return error_response(BAD_REQUEST, errors, 400)
            return view(request, *args, **kwargs)

        return checked

    return decorate_view(check)


def parameter_errors(query, allowed: set[str], repeatable: set[str]) -> list[dict]:
    takes = ", ".join(sorted(allowed)) or "no parameters"
    errors = [
        {"field": name, "message": f"Unknown parameter; this takes {takes}."}
        for name in sorted(set(query) - allowed)
    ]
    errors += [
        {"field": name, "message": "Given more than once; this parameter takes one value."}
        for name in sorted(set(query) & allowed - repeatable)
        if len(query.getlist(name)) > 1
    ]
    return errors
