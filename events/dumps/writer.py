"""`write_dump(name)`: the public archive as gzip files in the `dumps` storage, streamed.

Records are written as they are read (events.dumps.records) into local temporary files, each
hashed (SHA-256) as its compressed bytes go out; the storage then copies the finished files in
chunks. Memory holds one chunk of events and a few buffers, whatever the archive's size. The
manifest goes last, then the `latest.json` pointer: a reader never finds a dump half-written.
"""

import csv
import datetime
import gzip
import hashlib
import io
import json
import re
import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from ..changes import writing
from ..http_cache import keys
from ..models import TaggedEvent
from .records import public_records

STORAGE = "dumps"
LATEST = "latest.json"
MANIFEST = "manifest.json"
JSON_LINES, CSV = "events.jsonl.gz", "events.csv.gz"
CSV_COLUMNS = (
    "id",
    "date",
    "position",
    "slug",
    "headline",
    "summary",
    "cover_image_url",
    "path",
    "published_at",
    "updated_at",
    "topics",
    "sources",
)
# A dump's name is one folder of the storage: letters, digits, dots, dashes, underscores.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
FORMAT_VERSION = 1


class DumpError(Exception):
    """The dump cannot be written under that name."""


class HashedFile:
    """A binary file that counts and hashes what is written to it (gzip writes through it)."""

    def __init__(self, path: Path):
        self.file = path.open("wb")
        self.sha256 = hashlib.sha256()
        self.bytes = 0

    def write(self, data) -> int:
        self.sha256.update(data)
        self.bytes += len(data)
        return self.file.write(data)

    def flush(self):
        self.file.flush()

    def close(self):
        self.file.close()


class GzipText:
    """A gzip file written as UTF-8 text, hashed as it goes."""

    def __init__(self, path: Path):
        self.path = path
        self.raw = HashedFile(path)
        # mtime 0: the same events make the same bytes, whenever they are dumped. Level 4:
        # 10% larger than 6 on the archive's text, in less than half the time.
        self.gzip = gzip.GzipFile(fileobj=self.raw, mode="wb", compresslevel=4, mtime=0)
        self.text = io.TextIOWrapper(self.gzip, encoding="utf-8", newline="")

    def close(self) -> dict:
        self.text.close()  # closes the gzip stream, which writes its trailer
        self.raw.close()
        return {"bytes": self.raw.bytes, "sha256": self.raw.sha256.hexdigest()}


def write_dump(name: str, now: datetime.datetime | None = None) -> dict:
    """Dump every public event under `name` in the dumps storage; return the manifest."""
    if not NAME.fullmatch(name):
        raise DumpError("A dump's name is letters, digits, '.', '-' and '_' (e.g. 2012-02-08).")
    storage = storages[STORAGE]
    if storage.exists(f"{name}/{MANIFEST}"):
        raise DumpError(f"There is already a dump called {name}; choose another name.")
    now = now or timezone.now()
    with tempfile.TemporaryDirectory(prefix="newsroom-dump-") as folder:
        counts, files = _write_files(Path(folder))
        for file_name, path in ((JSON_LINES, Path(folder) / JSON_LINES), (CSV, Path(folder) / CSV)):
            _put(storage, f"{name}/{file_name}", path)
    manifest = {
        "format_version": FORMAT_VERSION,
        "name": name,
        "created_at": now.isoformat(),
        **counts,
        "topics": _public_topic_count(),
        "files": files,
    }
    content = json.dumps(manifest, indent=2).encode()
    _replace(storage, f"{name}/{MANIFEST}", content)
    _replace(storage, LATEST, content)
    with writing() as change:
        change.purge(keys.DUMPS)
    return manifest


def _write_files(folder: Path) -> tuple[dict, list[dict]]:
    json_lines, table = GzipText(folder / JSON_LINES), GzipText(folder / CSV)
    rows = csv.writer(table.text)
    rows.writerow(CSV_COLUMNS)
    events = sources = 0
    for record in public_records():
        json_lines.text.write(json.dumps(record, ensure_ascii=False) + "\n")
        rows.writerow(_csv_row(record))
        events += 1
        sources += len(record["sources"])
    files = [
        {"name": JSON_LINES, "format": "jsonl", **json_lines.close()},
        {"name": CSV, "format": "csv", **table.close()},
    ]
    return {"events": events, "sources": sources}, files


def _csv_row(record: dict) -> list:
    """One event per row; its topics and sources as JSON lists in their cells."""
    row = [record[column] for column in CSV_COLUMNS[:-2]]
    lists = (record["topics"], record["sources"])
    return row + [json.dumps(value, ensure_ascii=False) for value in lists]


def _put(storage, name: str, path: Path) -> None:
    if storage.exists(name):
        storage.delete(name)  # left by a dump that never finished (it has no manifest)
    with path.open("rb") as file:
        saved = storage.save(name, File(file))
    if saved != name:
        raise DumpError(f"The storage kept {name} as {saved}; nothing was published.")


def _replace(storage, name: str, content: bytes) -> None:
    if storage.exists(name):
        storage.delete(name)
    storage.save(name, ContentFile(content))


def _public_topic_count() -> int:
    return TaggedEvent.objects.of_public_events().values("tag_id").distinct().count()
