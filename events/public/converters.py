"""Path converters for archive dates: 4-digit year, zero-padded month, unpadded day."""

import datetime


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class MonthConverter:
    regex = "0[1-9]|1[0-2]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


class DayConverter:
    """The unpadded day the archive writes (`8`, `15`); padded forms are redirected."""

    regex = "[1-9]|[12][0-9]|3[01]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(int(value))


class SlugConverter:
    """Imported slugs are kept exactly as their file names, so accept any one path segment."""

    regex = "[^/]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class CalendarDayConverter:
    """`02-08`: a day of the year (month and day, both padded), as a date in a leap year so
    that 29 February is one; a day no calendar has (`02-30`) matches nothing (a 404)."""

    regex = "(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    LEAP_YEAR = 2000

    def to_python(self, value):
        month, day = value.split("-")
        return datetime.date(self.LEAP_YEAR, int(month), int(day))  # ValueError: no match

    def to_url(self, value):
        return f"{value.month:02d}-{value.day:02d}"
