"""The fetcher's HTTP client over real local servers: TLS checked against the name asked for
while connecting to the checked address, no connection kept for another request (nor another
host name), and servers that misbehave at the HTTP level."""

import asyncio
import socket
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpx
import pytest

from sources.fetcher import pinned_client

TIMEOUT = httpx.Timeout(3)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for `localhost`: (certificate file, key file)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"]
        + ["-addext", "subjectAltName=DNS:localhost,DNS:other.localhost"],
        check=True,
        capture_output=True,
    )
    return cert, key


class EchoHost(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 (the standard library's name)
        body = f"asked for {self.headers['Host']}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


class TLSServer(HTTPServer):
    """Records each connection's server name (SNI), in the order they came."""

    def __init__(self, context: ssl.SSLContext):
        super().__init__(("127.0.0.1", 0), EchoHost)
        self.names = []
        context.sni_callback = lambda _socket, name, _context: self.names.append(name)
        self.socket = context.wrap_socket(self.socket, server_side=True)


@pytest.fixture
def tls_server(certificate):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    server = TLSServer(context)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def get(client_or_verify, *urls, host="localhost", sni="localhost"):
    """(status, body) of each of `urls` in turn, through one client (`pinned_client` unless
    given one), asked as the fetcher asks: the address in the URL, the name beside it."""

    async def one(client, url):
        request = client.build_request(
            "GET", url, headers={"Host": host}, extensions={"sni_hostname": sni}
        )
        response = await client.send(request, stream=True)
        try:
            return response.status_code, b"".join([chunk async for chunk in response.aiter_raw()])
        finally:
            await response.aclose()

    async def run():
        async with pinned_client(TIMEOUT, client_or_verify) as client:
            return [await one(client, url) for url in urls]

    answers = asyncio.run(run())
    return answers[0] if len(answers) == 1 else answers


def trusting(certificate) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(certificate[0]))


def test_tls_is_checked_against_the_name_while_connecting_to_the_address(tls_server, certificate):
    url = f"https://127.0.0.1:{tls_server.server_address[1]}/story"
    assert get(trusting(certificate), url) == (200, b"asked for localhost")
    assert tls_server.names == ["localhost"]
    with pytest.raises(httpx.ConnectError, match="certificate verify failed"):
        get(trusting(certificate), url, host="example.com", sni="example.com")


def test_an_untrusted_certificate_is_refused(tls_server):
    with pytest.raises(httpx.ConnectError, match="certificate verify failed"):
        get(True, f"https://127.0.0.1:{tls_server.server_address[1]}/story")


def test_no_connection_is_kept_for_another_request(tls_server, certificate):
    """Two names at one address, asked through one client without `Connection: close`: each
    request has a connection of its own, its TLS checked for its own name."""
    url = f"https://127.0.0.1:{tls_server.server_address[1]}/story"

    async def run():
        async with pinned_client(TIMEOUT, trusting(certificate)) as client:
            answers = []
            for name in ("localhost", "other.localhost", "localhost"):
                request = client.build_request(
                    "GET", url, headers={"Host": name}, extensions={"sni_hostname": name}
                )
                response = await client.send(request)
                answers.append(response.text)
            return answers

    answers = asyncio.run(run())
    assert answers == ["asked for localhost", "asked for other.localhost", "asked for localhost"]
    assert tls_server.names == ["localhost", "other.localhost", "localhost"]


@pytest.fixture
def raw_server():
    """A server answering each connection with the bytes given, then hanging up."""
    listener = socket.create_server(("127.0.0.1", 0))
    answers = []

    def serve():
        while answers:
            connection, _ = listener.accept()
            with connection:
                connection.recv(65536)
                connection.sendall(answers.pop(0))

    def start(*replies):
        answers.extend(replies)
        threading.Thread(target=serve, daemon=True).start()
        return f"http://127.0.0.1:{listener.getsockname()[1]}/"

    yield start
    listener.close()


def test_chunked_bodies_are_read_whole(raw_server):
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    url = raw_server(head + b"5\r\nHello\r\n6\r\n world\r\n0\r\n\r\n")
    assert get(True, url) == (200, b"Hello world")


@pytest.mark.parametrize(
    "reply",
    [b"", b"NOT HTTP AT ALL\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort"],
)
def test_a_server_breaking_the_protocol_is_an_error_not_a_hang(raw_server, reply):
    with pytest.raises(httpx.RemoteProtocolError):
        get(True, raw_server(reply))
