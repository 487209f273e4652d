"""The sources app's admin: sources with their link checks, and outlets."""

from . import outlets, sources  # noqa: F401 (registers the model admins)
