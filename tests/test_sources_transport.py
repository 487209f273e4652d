"""The fetcher's own transport over real local servers: TLS checked against the name asked
for while connecting to the checked address, and servers that misbehave at the HTTP level."""

import asyncio
import socket
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpx
import pytest

from sources.transport import DirectTransport

TIMEOUTS = {"connect": 3, "read": 3, "write": 3, "pool": 3}


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for `localhost`: (certificate file, key file)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"]
        + ["-addext", "subjectAltName=DNS:localhost"],
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


@pytest.fixture
def tls_server(certificate):
    server = HTTPServer(("127.0.0.1", 0), EchoHost)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def get(transport, url, *, host="localhost", sni="localhost"):
    async def run():
        request = httpx.Request(
            "GET",
            url,
            headers={"Host": host, "Connection": "close"},
            extensions={"sni_hostname": sni, "timeout": TIMEOUTS},
        )
        response = await transport.handle_async_request(request)
        try:
            return response.status_code, b"".join([chunk async for chunk in response.stream])
        finally:
            await response.aclose()

    return asyncio.run(run())


def test_tls_is_checked_against_the_name_while_connecting_to_the_address(tls_server, certificate):
    trusting = DirectTransport(ssl.create_default_context(cafile=str(certificate[0])))
    url = f"https://127.0.0.1:{tls_server}/story"
    assert get(trusting, url) == (200, b"asked for localhost")
    with pytest.raises(httpx.ConnectError, match="certificate verify failed"):
        get(trusting, url, host="example.com", sni="example.com")


def test_an_untrusted_certificate_is_refused(tls_server):
    with pytest.raises(httpx.ConnectError, match="certificate verify failed"):
        get(DirectTransport(), f"https://127.0.0.1:{tls_server}/story")


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
    assert get(DirectTransport(), url) == (200, b"Hello world")


@pytest.mark.parametrize(
    "reply",
    [b"", b"NOT HTTP AT ALL\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort"],
)
def test_a_server_breaking_the_protocol_is_an_error_not_a_hang(raw_server, reply):
    with pytest.raises(httpx.RemoteProtocolError):
        get(DirectTransport(), raw_server(reply))
