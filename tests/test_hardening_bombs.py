"""Compressed bodies against a real local server: decoded within the limit, layer by layer.

A site may compress its answer although we ask for no compression, and may stack encodings:
a few kilobytes of gzip inside gzip decode to gigabytes. The fetcher must hold no more than
its limit and a few decoding steps whatever the site sends, for pages and robots.txt alike.
Memory is measured with tracemalloc (every allocation of this process, the decoders' own
included), never by time.
"""

import asyncio
import functools
import gzip
import tracemalloc
import zlib
from dataclasses import replace

import pytest

from sources.bodies import DECODE_STEP, MAX_LAYERS
from sources.fetcher import Failure, FetchPolicy, SafeFetcher
from sources.robots import MAX_ROBOTS_BYTES, RobotsRules
from tests.page_server import article_html, serving

LIMIT = 1024 * 1024
POLICY = FetchPolicy(
    user_agent="NewsroomTest/1.0", host_delay=0, allow_private=True, deadline=20, max_bytes=LIMIT
)
BOMB_MEGABYTES = 256
# The body, its copy as it is handed over, and room for the connection's and decoders' own.
MEMORY_BOUND = 3 * LIMIT
ROBOTS_RULES = b"User-agent: *\nDisallow: /private/\n"


def gzipped_stream(chunks) -> bytes:
    """gzip of the concatenated `chunks`, made a chunk at a time (never all held at once)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    return b"".join(packer.compress(chunk) for chunk in chunks) + packer.flush()


@functools.cache
def bomb(start: bytes = b"") -> bytes:
    """`start` and then 256 MB of zeros, gzip inside gzip: a few hundred bytes on the wire."""
    zeros = bytes(1024 * 1024)
    inner = gzipped_stream([start, *(zeros for _ in range(BOMB_MEGABYTES))])
    return gzip.compress(inner, 9)


def answer(body: bytes, encoding: str, content_type="text/html; charset=utf-8"):
    def handler(h):
        h.answer(200, body, content_type, headers=[("Content-Encoding", encoding)])

    return handler


def fetched(server, path, policy=POLICY):
    async def run():
        async with SafeFetcher(policy) as fetcher:
            return await fetcher.fetch(server.url(path), read_body=True)

    return asyncio.run(run())


def peak_memory(work):
    """What `work()` returns, and the most memory this process held above its start meanwhile,
    measured on its second run: the first also imports modules and fills caches kept for the
    whole process (over 2 MB when no earlier test in the process fetched anything), which are
    not what decoding holds."""
    work()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        outcome = work()
        return outcome, tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def test_a_gzip_bomb_inside_gzip_is_stopped_at_the_limit_holding_little_memory():
    body = bomb()
    assert len(body) < 10_000  # what the site sends: a few kilobytes for 256 MB
    with serving({"/bomb": answer(body, "gzip, gzip")}) as server:
        result, peak = peak_memory(lambda: fetched(server, "/bomb"))
    assert (result.failure, result.body) == (Failure.TOO_LARGE, None)
    assert peak < MEMORY_BOUND, f"{peak:,} bytes held decoding a 256 MB bomb"


def test_a_single_gzip_bomb_holds_little_memory_too():
    zeros = bytes(1024 * 1024)
    body = gzipped_stream(zeros for _ in range(64))
    with serving({"/bomb": answer(body, "gzip")}) as server:
        result, peak = peak_memory(lambda: fetched(server, "/bomb"))
    assert result.failure == Failure.TOO_LARGE
    assert peak < MEMORY_BOUND, f"{peak:,} bytes held decoding a 64 MB body"


def test_a_robots_txt_bomb_is_read_to_its_limit_and_its_start_still_counts():
    routes = {
        "/robots.txt": answer(bomb(ROBOTS_RULES), "gzip, gzip", "text/plain"),
        "/news/article": lambda h: h.answer(200, article_html().encode()),
    }

    async def run(server):
        async with SafeFetcher(POLICY) as fetcher:
            rules = RobotsRules(fetcher)
            return [
                await rules.allows(server.url("/news/article")),
                await rules.allows(server.url("/private/article")),
            ]

    with serving(routes) as server:
        allowed, peak = peak_memory(lambda: asyncio.run(run(server)))
    assert allowed == [True, False]
    assert peak < 3 * MAX_ROBOTS_BYTES + 16 * DECODE_STEP, f"{peak:,} bytes held for robots.txt"


def deflated(data: bytes, wbits: int) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
    return packer.compress(data) + packer.flush()


ARTICLE = article_html().encode()
READABLE = {
    "gzip": gzip.compress(ARTICLE),
    "x-gzip": gzip.compress(ARTICLE),
    "deflate": deflated(ARTICLE, zlib.MAX_WBITS),
    "gzip, gzip": gzip.compress(gzip.compress(ARTICLE)),
    "deflate, gzip": gzip.compress(deflated(ARTICLE, zlib.MAX_WBITS)),
    "identity": ARTICLE,
}


@pytest.mark.parametrize("encoding", READABLE)
def test_compressed_pages_are_read_whole(encoding):
    with serving({"/page": answer(READABLE[encoding], encoding)}) as server:
        result = fetched(server, "/page")
    assert (result.failure, result.body, result.complete) == (None, ARTICLE, True)


def test_bare_deflate_data_and_several_gzip_members_are_read():
    half = len(ARTICLE) // 2
    routes = {
        "/raw": answer(deflated(ARTICLE, -zlib.MAX_WBITS), "deflate"),
        "/members": answer(gzip.compress(ARTICLE[:half]) + gzip.compress(ARTICLE[half:]), "gzip"),
    }
    with serving(routes) as server:
        assert fetched(server, "/raw").body == ARTICLE
        assert fetched(server, "/members").body == ARTICLE


def test_a_page_exactly_at_the_limit_is_read_and_one_byte_more_is_too_large():
    exact = b"x" * LIMIT
    routes = {
        "/exact": answer(gzip.compress(exact), "gzip"),
        "/over": answer(gzip.compress(exact + b"x"), "gzip"),
    }
    with serving(routes) as server:
        assert fetched(server, "/exact").body == exact
        assert fetched(server, "/over").failure == Failure.TOO_LARGE


@pytest.mark.parametrize(
    ("encoding", "body", "says"),
    [
        ("br", b"\x0b\x02\x80hello\x03", "'br' is not read"),
        ("gzip, gzip, gzip", gzip.compress(gzip.compress(gzip.compress(ARTICLE))), "stacked"),
        (", ".join(["gzip"] * (MAX_LAYERS + 5)), b"", "at most 2"),
        ("gzip", b"\x1f\x8b\x08\x00 this is not gzip data at all", "corrupt"),
    ],
)
def test_unreadable_encodings_are_refused_saying_why(encoding, body, says):
    with serving({"/page": answer(body, encoding)}) as server:
        result = fetched(server, "/page")
    assert (result.failure, result.body) == (Failure.UNREADABLE_ENCODING, None)
    assert says in result.error


def test_a_long_robots_txt_counts_by_its_first_half_megabyte():
    rules = ROBOTS_RULES + b"# " + b"x" * (2 * MAX_ROBOTS_BYTES) + b"\nDisallow: /news/\n"
    routes = {"/robots.txt": answer(gzip.compress(rules), "gzip", "text/plain")}

    async def run(server):
        async with SafeFetcher(replace(POLICY, max_bytes=10 * MAX_ROBOTS_BYTES)) as fetcher:
            robots = RobotsRules(fetcher)
            return [await robots.allows(server.url(p)) for p in ("/news/a", "/private/a")]

    with serving(routes) as server:
        assert asyncio.run(run(server)) == [True, False]
