"""An open-loop HTTP load generator on asyncio: requests leave at the times a schedule gives,
whatever the server's pace, and each one's latency is counted from that intended time, so a
slow answer delays no later request and time spent queued is time readers waited (a closed
loop, wrk's or Locust's, sends the next request only when an answer came back: it slows down
with the server and hides the queue).

HTTP/1.1 over keep-alive connections of its own (GET only, Content-Length or chunked
answers): no client library's per-request cost in the figures. A request finding no idle
connection opens one, up to MOST_CONNECTIONS; past that it waits for one, its wait counted.
"""

import asyncio
import time
from dataclasses import dataclass

MOST_CONNECTIONS = 512
TIMEOUT = 10.0


@dataclass(slots=True)
class Sample:
    kind: str
    path: str
    intended: float  # seconds from the run's start
    latency: float  # seconds from `intended` to the whole answer read, or to the error
    status: int  # 0: no answer (timeout, connection error)
    cache: str  # Varnish's X-Cache: HIT, MISS, PASS, or ""


class Response:
    __slots__ = ("status", "headers", "body")

    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status, self.headers, self.body = status, headers, body


async def read_response(reader: asyncio.StreamReader) -> tuple[Response, bool]:
    """One answer off the connection, and whether the connection stays open."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body = await read_chunks(reader)
    else:
        body = await reader.read()
        return Response(status, headers, body), False
    return Response(status, headers, body), headers.get("connection", "").lower() != "close"


async def read_chunks(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")  # no trailers are sent to us
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)


class Connections:
    """Keep-alive connections to one host and port, shared by every request."""

    def __init__(self, host: str, port: int, most: int = MOST_CONNECTIONS):
        self.host, self.port = host, port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.slots = asyncio.Semaphore(most)
        self.opened = 0

    async def get(self, path: str, headers: str = "") -> Response:
        async with self.slots:
            while self.idle:
                # A kept connection the server closed meanwhile (its idle timeout) fails before
                # any answer: asked again on a new one, as browsers do.
                try:
                    return await self.ask(*self.idle.pop(), path, headers)
                except (ConnectionError, asyncio.IncompleteReadError) as failure:
                    if getattr(failure, "partial", b""):
                        raise
            reader, writer = await asyncio.open_connection(self.host, self.port)
            self.opened += 1
            return await self.ask(reader, writer, path, headers)

    async def ask(self, reader, writer, path: str, headers: str) -> Response:
        try:
            host = f"{self.host}:{self.port}"
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{headers}\r\n".encode())
            response, keep = await read_response(reader)
        except BaseException:
            writer.close()
            raise
        if keep:
            self.idle.append((reader, writer))
        else:
            writer.close()
        return response

    def close(self) -> None:
        for _, writer in self.idle:
            writer.close()
        self.idle.clear()


async def timed_get(connections, kind, path, intended, started, samples, headers=""):
    try:
        response = await asyncio.wait_for(connections.get(path, headers), TIMEOUT)
        status, cache = response.status, response.headers.get("x-cache", "")
    except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
        status, cache = 0, ""
    latency = time.perf_counter() - started - intended
    samples.append(Sample(kind, path, intended, latency, status, cache))


async def open_loop(connections: Connections, schedule, samples: list[Sample]) -> float:
    """Send each (intended second, kind, path) of `schedule` at its time; returns how late,
    at worst, a request left (the generator's own lag, in seconds)."""
    started = time.perf_counter()
    tasks = set()
    worst_lag = 0.0
    for intended, kind, path in schedule:
        wait = intended - (time.perf_counter() - started)
        if wait > 0:
            await asyncio.sleep(wait)
        else:
            worst_lag = max(worst_lag, -wait)
            if -wait > 0.002:
                await asyncio.sleep(0)  # let answers be read even when behind
        task = asyncio.create_task(timed_get(connections, kind, path, intended, started, samples))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    if tasks:
        await asyncio.wait(tasks)
    return worst_lag


def run(url: str, plan) -> tuple[list[Sample], float, float]:
    """Every (intended second, kind, path) of `plan` sent to `url` (http://host:port);
    returns the samples, the worst send lag and the generator's CPU seconds."""
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    samples: list[Sample] = []

    async def go():
        connections = Connections(host, int(port))
        try:
            return await open_loop(connections, plan, samples)
        finally:
            connections.close()

    cpu = time.process_time()
    lag = asyncio.run(go())
    return samples, lag, time.process_time() - cpu
