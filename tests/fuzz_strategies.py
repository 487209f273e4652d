"""Hostile archive files for fuzzing the importer: real files of demo/archive, mutated.

Every strategy here yields bytes a careless or broken archive could hold: cut-off files,
swapped sections, impossible dates, giant lines, control characters, invalid UTF-8, bracket
soup, odd URLs and file names, and random byte flips, insertions and deletions.
"""

import datetime
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from hypothesis import strategies as st

from tests.archive_files import DEMO_ARCHIVE, SEED_SNAPSHOT_BYTES

EVERY_NTH_FILE = 25  # ~200 of the demo archive's ~5,000 event files, spread over its year


@dataclass(frozen=True)
class RealFile:
    """One event file of the demo archive: where it lives and what it holds."""

    folder: str  # "news/2012/02/8"
    slug: str
    data: bytes

    @property
    def date(self) -> datetime.date:
        year, month, day = (int(part) for part in self.folder.split("/")[1:])
        return datetime.date(year, month, day)


@cache
def real_files() -> tuple[RealFile, ...]:
    paths = sorted(p for p in DEMO_ARCHIVE.glob("news/*/*/*/*.md") if p.name != "index.md")
    chosen = paths[::EVERY_NTH_FILE]
    return tuple(
        RealFile(p.parent.relative_to(DEMO_ARCHIVE).as_posix(), p.stem, p.read_bytes())
        for p in chosen
    )


@cache
def real_indexes() -> tuple[bytes, ...]:
    return tuple(p.read_bytes() for p in sorted(DEMO_ARCHIVE.glob("news/*/*/*/index.md"))[::10])


# --- the values broken files are made of ---------------------------------------------------

BAD_DATES = [
    "2012-02-30",
    "2012-13-1",
    "2012-00-1",
    "0000-01-1",
    "9999-12-31",
    "2012-02-08",
    "2013-02-8",
    "2012-2-8",
    "99999-1-1",
    "1-1-1",
    "2012-02-",
    "-2012-02-8",
    "\u0662\u0660\u0661\u0662-\u0660\u0662-\u0668",  # Arabic-Indic digits
    "\uff12\uff10\uff11\uff12-02-8",  # fullwidth digits
    "2012-02-8](/news/2012/02/9/index.md",
]
ODD_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "http://",
    "https://",
    "http:///path-only",
    "http://[::1",
    "http://[::1]:99999/",
    "https://exa mple.com/",
    "http:example.com",
    "file:///etc/passwd",
    "ftp://files.example/x",
    "mailto:someone@example.org",
    "https://user:secret@host.example/",
    "https://host.example/" + "a" * 3000,
    'https://host.example/"onmouseover="alert(1)',
    "https://host.example/'><script>alert(1)</script>",
    "https://host.example/a(b)c",
    "https://host.example/?q=](x)",
    "HTTPS://HOST.EXAMPLE/",
    "https://\u4f8b\u3048.\u30c6\u30b9\u30c8/",
    "https://host.example/\u202egnp.exe",
    "http://%00/",
    "https://host.example/%0d%0aSet-Cookie:x=1",
    "",
    ")",
]
ODD_SLUGS = [
    "",
    ".",
    "..",
    "-",
    " ",
    "a b",
    " leading-space",
    "%2F",
    "100%",
    "what?",
    "hash#tag",
    "<script>alert(1)<\\script>",
    "\"quoted'",
    "caf\u00e9",
    "\u65e5\u672c",
    "a\u202eb",
    "new\nline",
    "tab\there",
    "x" * 252,
    "\u00e9" * 126,
    "index.source-1",
]
CONTROL_CHARACTERS = [chr(n) for n in range(1, 32)] + [
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\u200b",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\ufffe",
    "\x00",
]
INVALID_UTF8 = [
    b"\xff",
    b"\xfe",
    b"\x80",
    b"\xc3",
    b"\xe2\x82",
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xc0\xaf",  # overlong '/'
    b"\xf4\x90\x80\x80",  # beyond U+10FFFF
    b"\xf8\x88\x80\x80\x80",
]
GIANT_LINE_STARTS = [
    "",
    "1. ",
    "1. [",
    "# ",
    "### ",
    "[",
    "### Source:\n\n1. [",
    "### Related:\n\n1. [",
]
GIANT_LINE_UNITS = [
    "x",
    "](x",
    "](/) _Context: _x",
    "[",
    "]",
    "(",
    ")",
    "_",
    " ",
    "\u00e9",
    "](/news/",
]
GIANT_LINE_REPEATS = [100, 5_000, 60_000, 400_000, 2_000_000]
BRACKET_SOUP = "[]()_ :/x#*1."


# --- mutations: each takes hypothesis' draw and the file's bytes ----------------------------


def truncate(draw, data: bytes) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


def swap_sections(draw, data: bytes) -> bytes:
    """Two of the file's parts (date, headline, summary, Source, Related) trade places."""
    blocks = re.split(rb"(?m)^(?=#)", data)
    if len(blocks) < 2:
        return data
    first, second = draw(st.integers(0, len(blocks) - 1)), draw(st.integers(0, len(blocks) - 1))
    blocks[first], blocks[second] = blocks[second], blocks[first]
    return b"".join(blocks)


def duplicate_section(draw, data: bytes) -> bytes:
    blocks = re.split(rb"(?m)^(?=#)", data)
    index = draw(st.integers(0, len(blocks) - 1))
    blocks.insert(draw(st.integers(0, len(blocks))), blocks[index])
    return b"".join(blocks)


def bad_date(draw, data: bytes) -> bytes:
    """The date line's date, or the folder it links to, made impossible or different."""
    date = draw(st.sampled_from(BAD_DATES)).encode()
    if draw(st.booleans()):
        return re.sub(rb"\d{4}-\d{1,2}-\d{1,2}", lambda _m: date, data, count=1)
    year, month, day = (date.decode().split("-") + ["", "", ""])[:3]
    folder = f"/news/{year}/{month}/{day}/index.md".encode()
    return re.sub(rb"/news/\d+/\d+/\d+/index\.md", lambda _m: folder, data, count=1)


def giant_line(draw, data: bytes) -> bytes:
    unit = draw(st.sampled_from(GIANT_LINE_UNITS))
    line = draw(st.sampled_from(GIANT_LINE_STARTS)) + unit * draw(
        st.sampled_from(GIANT_LINE_REPEATS)
    )
    return _insert_line(draw, data, line.encode())


def control_characters(draw, data: bytes) -> bytes:
    for _ in range(draw(st.integers(1, 6))):
        data = _insert(draw, data, draw(st.sampled_from(CONTROL_CHARACTERS)).encode())
    return data


def invalid_utf8(draw, data: bytes) -> bytes:
    return _insert(draw, data, draw(st.sampled_from(INVALID_UTF8)))


def nested_brackets(draw, data: bytes) -> bytes:
    """Bracket soup at a random place, or a list item's link wrapped in more brackets."""
    if draw(st.booleans()):
        soup = draw(st.text(BRACKET_SOUP, min_size=1, max_size=60))
        return _insert(draw, data, soup.encode())
    depth = draw(st.integers(1, 50))
    return re.sub(
        rb"(?m)^(\d+\. )\[(.*)\]\(",
        lambda m: m[1] + b"[" * depth + b"[" + m[2] + b"]" + b"]" * depth + b"(",
        data,
        count=draw(st.integers(1, 3)),
    )


def odd_url(draw, data: bytes) -> bytes:
    url = draw(st.sampled_from(ODD_URLS)).encode()
    # `]` ends a candidate too: on a giant line of `](` the search must stay linear.
    links = list(re.finditer(rb"\]\(([^)\s\]]*)\)", data))
    if not links:
        return data
    link = links[draw(st.integers(0, len(links) - 1))]
    return data[: link.start(1)] + url + data[link.end(1) :]


def flip_bytes(draw, data: bytes) -> bytes:
    if not data:
        return data
    flipped = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(flipped) - 1))
        flipped[at] ^= draw(st.integers(1, 255))
    return bytes(flipped)


def insert_bytes(draw, data: bytes) -> bytes:
    return _insert(draw, data, draw(st.binary(min_size=1, max_size=40)))


def delete_bytes(draw, data: bytes) -> bytes:
    start = draw(st.integers(0, len(data)))
    return data[:start] + data[start + draw(st.integers(1, 200)) :]


def line_endings(draw, data: bytes) -> bytes:
    ending = draw(st.sampled_from([b"\r\n", b"\r", b"\n\n", b" \n", b"\t\n"]))
    data = data.replace(b"\n", ending)
    return b"\xef\xbb\xbf" + data if draw(st.booleans()) else data


def blank_out(draw, data: bytes) -> bytes:
    return draw(st.sampled_from([b"", b"\n\n", b"   \t", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n"]))


MUTATIONS = [
    truncate,
    swap_sections,
    duplicate_section,
    bad_date,
    giant_line,
    control_characters,
    invalid_utf8,
    nested_brackets,
    odd_url,
    flip_bytes,
    insert_bytes,
    delete_bytes,
    line_endings,
    blank_out,
]


def _insert(draw, data: bytes, piece: bytes) -> bytes:
    at = draw(st.integers(0, len(data)))
    return data[:at] + piece + data[at:]


def _insert_line(draw, data: bytes, line: bytes) -> bytes:
    starts = [0] + [m.end() for m in re.finditer(rb"\n", data)]
    at = starts[draw(st.integers(0, len(starts) - 1))]
    return data[:at] + line + b"\n" + data[at:]


@st.composite
def mutated(draw, data: bytes, max_mutations: int = 4) -> bytes:
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=max_mutations)):
        data = mutation(draw, data)
    return data


# --- whole files and archives ------------------------------------------------------------


@st.composite
def event_files(draw):
    """(real file it came from, its slug, mutated bytes): input for the parser."""
    original = draw(st.sampled_from(real_files()))
    slug = draw(st.one_of(st.just(original.slug), st.sampled_from(ODD_SLUGS)))
    return original, slug, draw(mutated(original.data))


snapshots = st.one_of(
    mutated(SEED_SNAPSHOT_BYTES, max_mutations=2),
    st.binary(max_size=200),
    st.just(SEED_SNAPSHOT_BYTES),
)
index_files = st.one_of(
    st.sampled_from(real_indexes()).flatmap(lambda data: mutated(data, max_mutations=2)),
    st.binary(max_size=300),
)
# Folders beside the real one: unpadded and padded forms of one date, impossible dates.
FOLDER_VARIANTS = [
    "news/2012/2/8",
    "news/2012/02/08",
    "news/2012/02/30",
    "news/2012/13/1",
    "news/2012/02/8\n",
    "news/\u0662\u0660\u0661\u0662/02/8",
]


@dataclass
class FuzzArchive:
    """Files to write under a temporary root: {"news/2012/02/8/x.md": b"..."}."""

    files: dict[str, bytes] = field(default_factory=dict)

    def write(self, root: Path) -> Path:
        for relpath, data in self.files.items():
            path = root / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return root

    @property
    def event_paths(self) -> list[str]:
        return [
            path for path in self.files if path.endswith(".md") and not path.endswith("/index.md")
        ]


@st.composite
def archives(draw, min_files: int = 3, max_files: int = 8):
    """A small archive: real files (some intact, most mutated) with snapshots and indexes."""
    archive = FuzzArchive()
    for _ in range(draw(st.integers(min_files, max_files))):
        original = draw(st.sampled_from(real_files()))
        folder = draw(
            st.one_of(st.just(original.folder), st.sampled_from(FOLDER_VARIANTS + ["news/2012"]))
        )
        slug = draw(st.one_of(st.just(original.slug), st.sampled_from(ODD_SLUGS)))
        keep = draw(st.integers(0, 3)) == 0
        archive.files[f"{folder}/{slug}.md"] = (
            original.data if keep else draw(mutated(original.data))
        )
        # Snapshot names are 11 bytes longer: within the file system's 255 bytes per name.
        numbers = st.lists(st.integers(1, 4), max_size=2 if len(slug.encode()) < 240 else 0)
        for number in draw(numbers):
            archive.files[f"{folder}/{slug}.source-{number}.txt"] = draw(snapshots)
        if draw(st.integers(0, 4)) == 0:
            archive.files[f"{folder}/index.md"] = draw(index_files)
        if draw(st.integers(0, 9)) == 0:
            archive.files[f"{folder}/notes.txt"] = b"not part of the archive"
    return archive
