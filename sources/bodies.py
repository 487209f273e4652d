"""Reading an answer's body within a byte limit, its content encodings undone as it arrives.

httpx decodes a whole network chunk at a time and leaves any limit to be checked afterwards:
3 KB of gzip inside gzip become gigabytes in one step. Here each encoding is undone by a
streaming decoder asked for at most `DECODE_STEP` bytes at a time, and every layer's output
counts against the limit as it is produced: whatever a site sends, the reader holds the limit
plus a step or two per layer, and decodes at most the limit per layer before it stops.

We ask for no encoding (`Accept-Encoding: identity`), so a server that compresses does so of
its own accord. gzip and deflate are read; any other encoding (br, zstd, compress) is
refused, since an encoding that cannot be undone leaves nothing to read. At most
`MAX_LAYERS` encodings: a page compressed twice happens (a compressing proxy in front of a
compressing server); three or more only from someone building a bomb, and are refused.
"""

import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

DECODE_STEP = 64 * 1024
MAX_LAYERS = 2
GZIP_MAGIC = b"\x1f\x8b"
NOT_ENCODED = {"", "identity"}
WINDOW_BITS = {
    "gzip": zlib.MAX_WBITS | 16,
    "x-gzip": zlib.MAX_WBITS | 16,
    "deflate": zlib.MAX_WBITS,
}
# "deflate" should be zlib's format; some servers send bare deflate data instead.
RAW_DEFLATE_BITS = -zlib.MAX_WBITS


class UnreadableEncoding(Exception):
    """A body whose encoding is not read here, stacked too deep, or corrupt; says which."""


class LimitReached(Exception):
    """A layer of the body decoded to more than the limit."""


@dataclass(frozen=True)
class Body:
    """What was read: at most the limit's bytes, and whether that was all of the body."""

    data: bytes
    complete: bool


def layers_of(content_encoding: str) -> list[str]:
    """The encodings to undo, outermost first (the header lists them as they were applied)."""
    names = [name.strip().lower() for name in content_encoding.split(",")]
    applied = [name for name in names if name not in NOT_ENCODED]
    for name in applied:
        if name not in WINDOW_BITS:
            raise UnreadableEncoding(f"the content encoding {name!r} is not read")
    if len(applied) > MAX_LAYERS:
        raise UnreadableEncoding(
            f"{len(applied)} content encodings stacked ({content_encoding}); "
            f"at most {MAX_LAYERS} are read"
        )
    return list(reversed(applied))


async def read_body(response, limit: int) -> Body:
    """Up to `limit` decoded bytes of `response` (an httpx response, its body unread)."""
    encodings = layers_of(response.headers.get("content-encoding", ""))
    layers = [_Layer(name, limit) for name in encodings]
    body = bytearray()
    received = 0
    try:
        async for chunk in response.aiter_raw():
            received += len(chunk)
            if received > limit:
                raise LimitReached
            _take(body, _through(layers, [chunk]), limit)
        _take(body, _finish(layers), limit)
    except LimitReached:
        del body[limit:]
        return Body(bytes(body), complete=False)
    return Body(bytes(body), complete=True)


def _take(body: bytearray, pieces: Iterable[bytes], limit: int) -> None:
    for piece in pieces:
        body += piece
        if len(body) > limit:
            raise LimitReached


def _through(layers: list["_Layer"], pieces: Iterable[bytes]) -> Iterator[bytes]:
    """`pieces` through every layer lazily: no layer runs ahead of the next one's needs."""
    for layer in layers:
        pieces = layer.decode(pieces)
    return iter(pieces)


def _finish(layers: list["_Layer"]) -> Iterator[bytes]:
    """What the layers still hold once the body has all arrived, each flushing into the next."""
    for index, layer in enumerate(layers):
        yield from _through(layers[index + 1 :], layer.flush())


class _Layer:
    """One encoding undone step by step. gzip may hold several members one after another."""

    def __init__(self, name: str, limit: int):
        self.name = name
        self.produced = 0
        self.limit = limit
        self.decoder = None
        self.pending = b""  # the start of the data, until its format is known

    def decode(self, pieces: Iterable[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            yield from self._decode(self.pending + piece)

    def flush(self) -> Iterator[bytes]:
        # A body cut short keeps what it decoded to, as a browser shows a page cut short.
        if self.pending:
            yield from self._decode(self.pending, final=True)

    def _decode(self, data: bytes, final: bool = False) -> Iterator[bytes]:
        self.pending = b""
        while data:
            if self.decoder is None or self.decoder.eof:
                if len(data) < 2 and not final:
                    self.pending = data  # too little to tell what comes next
                    return
                if self.decoder is not None and not self._next_member(data):
                    return  # bytes after the data's end: ignored, as browsers do
                self.decoder = zlib.decompressobj(self._window_bits(data))
            data = yield from self._steps(data)

    def _next_member(self, data: bytes) -> bool:
        return self.name != "deflate" and data.startswith(GZIP_MAGIC)

    def _steps(self, data: bytes) -> Iterator[bytes]:
        """Decode `data` a step at a time; what follows the end of a gzip member is returned."""
        decoder = self.decoder
        while not decoder.eof:
            try:
                out = decoder.decompress(data, DECODE_STEP)
            except zlib.error as error:
                raise UnreadableEncoding(f"the {self.name} body is corrupt ({error})") from None
            data = decoder.unconsumed_tail
            self.produced += len(out)
            if self.produced > self.limit:
                raise LimitReached
            if out:
                yield out
            # A full step may leave output inside the decoder even with no input left.
            if not data and len(out) < DECODE_STEP:
                break
        return decoder.unused_data if decoder.eof else b""

    def _window_bits(self, data: bytes) -> int:
        if self.name != "deflate":
            return WINDOW_BITS[self.name]
        # A zlib stream starts with a header whose first two bytes, read as one number,
        # divide by 31 and say "deflate" (8) in the low bits of the first.
        zlib_header = data[0] & 0x0F == 8 and int.from_bytes(data[:2], "big") % 31 == 0
        return WINDOW_BITS["deflate"] if zlib_header else RAW_DEFLATE_BITS
