"""The fetcher's HTTP/1.1 transport for httpx: one asyncio connection per request, spoken with h11.

httpx's default transport (httpcore over anyio) spends about 1 ms of CPU on each request in
its pool, locks and connection setup, which caps a link-check run at a few hundred addresses
a second; a bare asyncio connection costs a fifth of that. The fetcher needs none of the pool:
it opens a fresh connection for every request anyway (a kept one could carry a request for one
host over TLS checked for another at the same address). h11, which httpcore also uses, reads
and writes HTTP/1.1, strictly. httpx still builds the requests and reads the responses.

The request's URL holds the address to connect to (the checked IP); the `sni_hostname`
extension, the name the TLS certificate must match; the `timeout` extension (which httpx sets
from the client's timeout), how long to wait to connect, for each write and for each read.
"""

import asyncio
import ssl
from contextlib import asynccontextmanager, contextmanager

import h11
import httpx

READ_SIZE = 64 * 1024
DEFAULT_PORTS = {"http": 80, "https": 443}


class DirectTransport(httpx.AsyncBaseTransport):
    def __init__(self, ssl_context: ssl.SSLContext | None = None):
        self.ssl_context = ssl_context or httpx.create_ssl_context()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = request.extensions.get("timeout", {})
        reader, writer = await self._connect(request, timeouts.get("connect"))
        connection = _Connection(request, reader, writer, timeouts)
        try:
            await connection.send_request()
            answer = await connection.receive_response()
        except BaseException:
            writer.close()
            raise
        return httpx.Response(
            status_code=answer.status_code,
            headers=answer.headers,
            stream=_Body(connection),
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": answer.reason},
        )

    async def _connect(self, request: httpx.Request, timeout: float | None):
        url = request.url
        tls = self.ssl_context if url.scheme == "https" else None
        server_name = (request.extensions.get("sni_hostname") or url.host) if tls else None
        try:
            async with asyncio.timeout(timeout):
                return await asyncio.open_connection(
                    url.host,
                    url.port or DEFAULT_PORTS[url.scheme],
                    ssl=tls,
                    server_hostname=server_name,
                )
        except TimeoutError as error:
            raise httpx.ConnectTimeout("timed out connecting", request=request) from error
        except OSError as error:  # refused, unreachable, a certificate that does not match
            raise httpx.ConnectError(str(error) or repr(error), request=request) from error


class _Connection:
    """One request and its response over one connection, each wait within its timeout."""

    def __init__(self, request: httpx.Request, reader, writer, timeouts: dict):
        self.request, self.reader, self.writer = request, reader, writer
        self.protocol = h11.Connection(h11.CLIENT)
        self.read_timeout = timeouts.get("read")
        self.write_timeout = timeouts.get("write")

    async def send_request(self) -> None:
        request = self.request
        with _as_httpx_errors(httpx.WriteError, request):
            head = h11.Request(
                method=request.method,
                target=request.url.raw_path,
                headers=list(request.headers.raw),
            )
            self.writer.write(self.protocol.send(head) + self.protocol.send(h11.EndOfMessage()))
            async with _timeout(self.write_timeout, httpx.WriteTimeout, request):
                await self.writer.drain()

    async def receive_response(self) -> h11.Response:
        while True:
            event = await self.next_event()
            if isinstance(event, h11.Response):
                return event
            if isinstance(event, h11.ConnectionClosed):
                raise httpx.RemoteProtocolError("closed without an answer", request=self.request)
            # Informational answers (100 Continue, 103 Early Hints) come before the real one.

    async def next_event(self):
        with _as_httpx_errors(httpx.ReadError, self.request):
            while (event := self.protocol.next_event()) is h11.NEED_DATA:
                async with _timeout(self.read_timeout, httpx.ReadTimeout, self.request):
                    data = await self.reader.read(READ_SIZE)
                self.protocol.receive_data(data)
            return event

    def close(self) -> None:
        self.writer.close()


class _Body(httpx.AsyncByteStream):
    def __init__(self, connection: _Connection):
        self.connection = connection

    async def __aiter__(self):
        while True:
            event = await self.connection.next_event()
            if isinstance(event, h11.Data):
                yield bytes(event.data)
            elif isinstance(event, h11.EndOfMessage | h11.ConnectionClosed):
                return

    async def aclose(self) -> None:
        self.connection.close()


@asynccontextmanager
async def _timeout(seconds: float | None, error_class, request: httpx.Request):
    try:
        async with asyncio.timeout(seconds):
            yield
    except TimeoutError as error:
        raise error_class(f"no answer within {seconds} s", request=request) from error


@contextmanager
def _as_httpx_errors(socket_error_class, request: httpx.Request):
    """h11's protocol errors and the socket's as httpx's, which the fetcher understands."""
    try:
        yield
    except (h11.RemoteProtocolError, h11.LocalProtocolError) as error:
        raise httpx.RemoteProtocolError(str(error), request=request) from error
    except OSError as error:
        raise socket_error_class(str(error) or repr(error), request=request) from error
