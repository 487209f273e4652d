"""Which release of the code is running: a digest of everything that shapes a public page.

Part of every cached page's key, so a deploy with new templates or code never serves pages
rendered by the old ones, while servers running the same code share their cached pages
(the digest is of file contents, the same on every machine).
"""

import hashlib
from functools import cache
from pathlib import Path

import django
from django.conf import settings

PAGE_SOURCES = ("events", "sources", "newsroom", "templates", "static")
SKIPPED_FOLDERS = {"__pycache__"}


@cache
def code_release() -> str:
    digest = hashlib.sha256(django.get_version().encode())
    for path in _source_files(Path(settings.BASE_DIR)):
        digest.update(str(path.relative_to(settings.BASE_DIR)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _source_files(root: Path) -> list[Path]:
    files = []
    for folder in PAGE_SOURCES:
        for path in (root / folder).rglob("*"):
            if path.is_file() and not SKIPPED_FOLDERS.intersection(path.parts):
                files.append(path)
    return sorted(files)
