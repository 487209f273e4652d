"""Finding a day in one step: the "go to date" form's address, and the dates a search names.

The form (templates/jinja2/includes/go_to_date.html) is a plain GET form with the browser's
date input: it sends `/date/?date=2012-02-08`, answered with a redirect to that day's page,
whose own 404 lists the nearest days with events when that day has none (events.public.
not_found). The redirect depends on the date alone: shared caches keep it, and no query runs.
"""

import datetime
import re

from django.shortcuts import redirect, render

from events.paths import day_path

ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DATE_PROBLEM = (
    "Choose a day with the date picker, or type it as year-month-day: "
    "2012-02-08 for 8 February 2012."
)

MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        datetime.date(2000, number, 1).strftime("%B").lower(),
        datetime.date(2000, number, 1).strftime("%b").lower(),
    )
} | {"sept": 9}
MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
YEAR = r"(?P<year>[0-9]{4})"
# The ways a reader types a day: 8 February 2012, 8 Feb 2012, February 8, 2012, Feb 8 2012,
# 2012-02-08, 2012/02/08. Day and month in figures (8/2/2012) are read both ways round.
NAMED = [
    re.compile(rf"\b{DAY}\s+(?:of\s+)?{MONTH},?\s+{YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{MONTH}\s+{DAY},?\s+{YEAR}\b", re.IGNORECASE),
]
YEAR_FIRST = re.compile(r"\b(?P<year>[0-9]{4})[-/.](?P<month>[0-9]{1,2})[-/.](?P<day>[0-9]{1,2})\b")
YEAR_LAST = re.compile(
    r"\b(?P<first>[0-9]{1,2})[/.-](?P<second>[0-9]{1,2})[/.-](?P<year>[0-9]{4})\b"
)


def go_to_date(request):
    """`/date/?date=2012-02-08`: the day's page; a missing or unreadable date is a 400 that
    says how to write one, with the form again."""
    raw = request.GET.get("date", "").strip()
    day = None
    if ISO_DAY.fullmatch(raw):
        day = real_date(int(raw[:4]), int(raw[5:7]), int(raw[8:]))
    if day is None:
        context = {"message": DATE_PROBLEM, "go_to_date_form": True}
        return render(request, "400.html", context, status=400)
    return redirect(day_path(day))


def real_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def days_named(text: str) -> list[datetime.date]:
    """The calendar days `text` names, in the order written, each once: "8 February 2012",
    "Feb 8, 2012", "2012/02/08"; "8/2/2012" names both 8 February and 2 August."""
    found = []
    for pattern in NAMED:
        for match in pattern.finditer(text):
            month = MONTHS[match["month"].lower()]
            found.append((match.start(), real_date(int(match["year"]), month, int(match["day"]))))
    for match in YEAR_FIRST.finditer(text):
        day = real_date(int(match["year"]), int(match["month"]), int(match["day"]))
        found.append((match.start(), day))
    for match in YEAR_LAST.finditer(text):
        year, first, second = int(match["year"]), int(match["first"]), int(match["second"])
        # Day first (most of the world) before month first (the United States).
        found.append((match.start(), real_date(year, second, first)))
        found.append((match.start(), real_date(year, first, second)))
    days = [day for _, day in sorted(found, key=lambda pair: pair[0]) if day is not None]
    return list(dict.fromkeys(days))
