"""Path converters for archive dates: 4-digit year, zero-padded month, unpadded day."""


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
