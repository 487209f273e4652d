"""The archive's slug rule, shared by the CMS and the importer's checks."""

import re

SLUG_SOURCE_LENGTH = 140
NOT_SLUG_CHARS = re.compile(r"[^a-z0-9]+")
FALLBACK_SLUG = "event"


def archive_slug(headline: str) -> str:
    """`lowercase(headline[:140])`, runs of non a-z0-9 -> '-', trimmed (docs/archive-format.md)."""
    slug = NOT_SLUG_CHARS.sub("-", headline[:SLUG_SOURCE_LENGTH].lower()).strip("-")
    # A headline with no ASCII letters or digits still needs an address.
    return slug or FALLBACK_SLUG
