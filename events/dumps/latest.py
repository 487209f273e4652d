"""The latest dump's manifest, with the addresses of its files in the dumps storage."""

import json

from django.core.files.storage import storages

from .writer import LATEST, STORAGE


def latest_dump() -> dict | None:
    """The manifest of the latest dump, each file with its `url` (the storage's own address,
    perhaps relative to the site); None before the first dump."""
    storage = storages[STORAGE]
    if not storage.exists(LATEST):
        return None
    with storage.open(LATEST) as file:
        manifest = json.load(file)
    files = [
        {**entry, "url": storage.url(f"{manifest['name']}/{entry['name']}")}
        for entry in manifest["files"]
    ]
    return {**manifest, "files": files}
