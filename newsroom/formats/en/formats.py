"""Dates and times for en: the same as en-gb (newsroom/formats/__init__.py)."""

from ..en_GB.formats import *  # noqa: F403
