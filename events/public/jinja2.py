"""The Jinja2 environment of the public pages' templates (templates/jinja2/).

The public pages render with Jinja2 through Django's own backend: the day page lists ~17
events with a dozen values each, and Django's template engine took three times as long as the
rest of the request to write them (see the commit that brought this module in for the
figures). The admin and Django's own templates stay on Django's engine (templates/).

Autoescape is on: every value is escaped unless it is markup already (Django's safe strings,
such as a form field's rendering). No HTML is put together here: the helpers below give
addresses, texts and the structured data's JSON; the templates write the elements.
"""

import datetime
import itertools
import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import date, pluralize, truncatechars
from django.templatetags.static import static
from django.utils import timezone
from django.utils.text import Truncator, normalize_newlines
from jinja2 import Environment
from markupsafe import Markup

from events.paths import date_label, day_path, event_path, route, site_paths, topic_path
from events.public.converters import CalendarDayConverter
from events.public.search.highlight import segments

DEFAULT_DESCRIPTION = "An archive of news events, one sentence per event, day by day."
LIST_SUMMARY_WORDS = 40  # the first words of a summary a topic or search page shows
HEADINGS = ("h2", "h3")  # what a list's headlines may be, by the page's outline

# Inside <script>, "</script>" or "<!--" in a headline would end or bend the element; JSON
# allows these characters as \u escapes, so nothing a user typed can leave the data block.
# (Replaced one character at a time: str.translate with a table looks every character up in
# Python, several times slower on a day page's few kilobytes of data.)
SCRIPT_SAFE = (
    ("<", "\\u003C"),
    (">", "\\u003E"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def environment(**options) -> Environment:
    env = Environment(**options)  # noqa: S701 (autoescape comes from Django's backend: on)
    env.globals.update(
        route=route,
        site=site_paths,
        static=static,
        canonical_url=canonical_url,
        page_url=page_url,
        query_url=query_url,
        page_address=page_address,
        calendar_day=calendar_day,
        calendar_month=calendar_month,
        DEFAULT_DESCRIPTION=DEFAULT_DESCRIPTION,
    )
    env.filters.update(
        json_ld=json_ld,
        event_url=event_url,
        day_url=day_url,
        topic_url=topic_path,
        dated=dated,
        number=number,
        iso_day=iso_day,
        date=date,
        pluralize=pluralize,
        truncatechars=truncatechars,
        first_words=first_words,
        paragraphs=paragraphs,
        heading_level=heading_level,
        by_day=by_day,
        highlight=segments,
    )
    return env


def json_ld(data) -> Markup:
    """`{{ data|json_ld }}`: a schema.org data block's JSON, escaped for the inside of the
    <script type="application/ld+json"> element the template writes around it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for character, escaped in SCRIPT_SAFE:
        text = text.replace(character, escaped)
    return Markup(text)  # noqa: S704 (JSON with every character that could end <script> escaped)


def event_url(event) -> str:
    """`{{ event|event_url }}`: the event's page, as `get_absolute_url()` gives it."""
    return event_path(event.date, event.slug)


def calendar_month(year: int, month: int) -> datetime.date:
    """`calendar_month(2012, 3)`: the first day of a month, for its name."""
    return datetime.date(year, month, 1)


def day_url(day) -> str:
    """`{{ event.date|day_url }}`: the day page of a date; no date, no address."""
    return day_path(day) if day else ""


def dated(day: datetime.date | None, format_string: str) -> str:
    """`{{ day|dated("j F Y") }}`: the `date` filter for calendar dates, worked out once each."""
    return date_label(day, format_string) if day else ""


def number(value: int) -> str:
    """`{{ count|number }}`: a whole number with its thousands separated ("581,278")."""
    return f"{value:,}"


def iso_day(moment: datetime.datetime) -> str:
    """`{{ moment|iso_day }}`: `date:"Y-m-d"` of a moment, in the site's time zone, without
    the `date` filter's checks for ambiguous local times (265 us a call: 530 of a sitemap
    section's 886 ms for its 2,000 entries)."""
    return timezone.localtime(moment).date().isoformat()


def first_words(text: str, count: int = LIST_SUMMARY_WORDS) -> str:
    """`truncatewords`: the first `count` words, and "…" when there were more."""
    return Truncator(text).words(count, truncate=" …")


def paragraphs(text: str) -> list[list[str]]:
    """`linebreaks` without its markup: the paragraphs (split at blank lines) of a text, each
    as its lines, which the template writes as <p> with <br> between lines."""
    text = normalize_newlines(str(text))
    return [paragraph.split("\n") for paragraph in re.split("\n{2,}", text)]


def by_day(events) -> list[tuple[datetime.date, list]]:
    """`{% for day, events in events|by_day %}`: runs of events of one day, in the order
    given (Jinja's `groupby` sorts them, oldest first)."""
    return [(day, list(run)) for day, run in itertools.groupby(events, key=lambda e: e.date)]


def heading_level(heading) -> str:
    """`{{ heading|heading_level }}`: a list's headline element, h2 unless told h3."""
    return heading if heading in HEADINGS else "h2"


def calendar_day(month: int, day: int) -> datetime.date | None:
    """`calendar_day(2, 8)`: 8 February as the on-this-day page's address takes it; None for
    a day no year has (an address such as /news/2012/02/30/, answered with a 404)."""
    try:
        return datetime.date(CalendarDayConverter.LEAP_YEAR, month, day)
    except ValueError:
        return None


def page_address(request) -> str:
    """This page's absolute address, without its query."""
    return request.build_absolute_uri(request.path)


def canonical_url(request, page=None) -> str:
    """This page's own address: absolute, with its page number after the first page."""
    url = page_address(request)
    return f"{url}?page={page.number}" if page and page.number > 1 else url


def page_url(request, number: int) -> str:
    """This page's address with another page number, keeping the other query parameters."""
    if request.GET.keys() <= {"page"}:
        # Nothing else to keep (most lists): no copy of the query to make. The copies were
        # most of the pagination's cost: 0.13 against 0.06 ms of the month page's template
        # (100,000-event bench database, best of 15 x 50).
        return f"?page={number}" if number != 1 else request.path
    query = request.GET.copy()
    if number == 1:
        query.pop("page", None)
    else:
        query["page"] = number
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else request.path


def query_url(request, **changes) -> str:
    """This page's address with some query parameters changed (None or "" drops one), back on
    its first page: `query_url(request, letter="C")`."""
    query = request.GET.copy()
    query.pop("page", None)
    for name, value in changes.items():
        if value in (None, ""):
            query.pop(name, None)
        else:
            query[name] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else request.path
