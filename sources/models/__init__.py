"""The sources app's models: the reports events cite, the outlets that published them, and the
ledger of link checks."""

from .link_check import LinkCheck
from .outlet import Outlet, WrittenName
from .source import LinkState, Source

__all__ = ["LinkCheck", "LinkState", "Outlet", "Source", "WrittenName"]
