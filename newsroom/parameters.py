"""One rule for the whole numbers a request carries (ids, page numbers), applied where each
is read: ASCII digits only, within the range the reader can use.

Python's `int()` is generous: it takes `١` (an Arabic-Indic one), `²`, ` 1`, `+1`, `1_0`, and
pydantic takes `1.0`; a number too big for the databases (SQLite's and PostgreSQL's integers
hold 2**63 - 1) raised OverflowError or "bigint out of range" inside a query, a 500. Here
anything but plain digits within range is refused before a query sees it: the public pages
and the API answer 400 naming the parameter, the admin's lookups find nothing.
"""

import re

DIGITS = re.compile(r"[0-9]+")
# The largest id either database holds (a signed 64-bit integer).
LARGEST_ID = 2**63 - 1
# No archive has a billion pages of anything; the offsets of any page up to it fit a query.
LARGEST_PAGE = 10**9


class BadNumber(ValueError):
    """A number that breaks the rule, with the rule spelt out for the parameter `name`."""

    def __init__(self, name: str, lowest: int, highest: int):
        self.name = name
        self.rule = f"a whole number from {lowest} to {highest}, in the digits 0-9, such as 2"
        self.message = f"{name} must be {self.rule}."
        super().__init__(self.message)


def whole_number(raw, name: str, *, lowest: int = 1, highest: int = LARGEST_ID) -> int:
    """`raw` (text, or a number an address's `<int:...>` part made) as a number by the rule,
    or BadNumber naming the parameter `name`."""
    number = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        number = raw
    # Too many digits is refused before int() reads them (a million digits cost a second).
    elif isinstance(raw, str) and DIGITS.fullmatch(raw) and len(raw) <= len(str(highest)) + 1:
        number = int(raw)
    if number is None or not lowest <= number <= highest:
        raise BadNumber(name, lowest, highest)
    return number


def whole_number_or_none(raw, *, lowest: int = 1, highest: int = LARGEST_ID) -> int | None:
    """`raw` as a number by the rule, or None: for lookups where a bad id simply finds nothing."""
    try:
        return whole_number(raw, "id", lowest=lowest, highest=highest)
    except BadNumber:
        return None


def page_number(raw, name: str = "page") -> int:
    """A page number (1 when none is given), or BadNumber naming the parameter."""
    return 1 if raw in (None, "") else whole_number(raw, name, highest=LARGEST_PAGE)
