"""A real Varnish, with the repository's VCL, in front of the test's live Django server.

`varnishd` runs in the foreground (-F) on a free port, with a work folder of its own (-n) in a
temporary folder directly under /tmp (started as root, varnishd reads it as its own user). Only
the VCL's backend address is changed, in a copy, to the live server's (pytest-django's
`live_server`, a thread of this process serving the test database). It is stopped when the
session ends.

The `varnish` fixture empties the cache before each test (the previous test's rows are gone)
and points `NEWSROOM_PURGE_URLS` at this Varnish, so Django's purges after each write reach it.
Without varnishd or its xkey module the tests fail, saying what to install: never skipped.
"""

import http.client
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
VCL = ROOT / "deploy" / "varnish" / "newsroom.vcl"
INSTALL = (
    "The Varnish tests need varnishd and its xkey module: "
    "sudo apt-get install -y varnish varnish-modules (`make test-deps` does it as root)."
)


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    @property
    def cache(self) -> str:
        return self.headers.get("X-Cache", "")

    def __getitem__(self, name: str) -> str:
        return self.headers.get(name, "")


@dataclass
class Varnish:
    host: str
    port: int
    workdir: Path
    log: Path

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def request(
        self, method: str, path: str, headers: dict | None = None, source: str | None = None
    ) -> Answer:
        """One request on a connection of its own (from `source`, an address to send from)."""
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=10, source_address=(source, 0) if source else None
        )
        try:
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            connection.close()

    def get(self, path: str, headers: dict | None = None) -> Answer:
        return self.request("GET", path, headers)

    def cached(self, path: str, headers: dict | None = None) -> Answer:
        """The page as readers get it, checked to come from Varnish's cache."""
        self.get(path, headers)
        answer = self.get(path, headers)
        assert answer.cache == "HIT", (path, answer.status, dict(answer.headers))
        return answer

    def admin(self, *command: str) -> str:
        result = subprocess.run(
            ["varnishadm", "-n", str(self.workdir), *command],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        return result.stdout

    def forget_everything(self) -> None:
        self.admin("ban", "obj.status", "!=", "0")


def vcl_for_backend(host: str, port: int) -> str:
    """The repository's VCL with the backend's address changed and its health probe left out.

    The probe would call the live server's /healthz every 3 s for the rest of the session, each
    call a thread opening a connection of its own to the in-memory test database (which Django
    never closes), while later test files run: SQLite's shared cache can then deadlock the test
    thread against those threads' opens. The backend's health is set by decree instead (the
    `varnish` fixture, `backend.set_health`).
    """
    text = VCL.read_text()
    text, hosts = re.subn(r'(\.host = )"[^"]*";', rf'\1"{host}";', text, count=1)
    text, ports = re.subn(r'(\.port = )"\d+";', rf'\1"{port}";', text, count=1)
    text, probes = re.subn(r"\n\s*\.probe = \{[^{}]*\}", "", text, count=1)
    assert (hosts, ports, probes) == (1, 1, 1), f"{VCL}: no backend .host, .port and .probe"
    return text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_varnish(backend: str, folder: Path) -> tuple[subprocess.Popen, Varnish]:
    if not shutil.which("varnishd") or not shutil.which("varnishadm"):
        pytest.fail(INSTALL, pytrace=False)
    parts = urllib.parse.urlsplit(backend)
    host = "127.0.0.1" if parts.hostname == "localhost" else parts.hostname  # the live server's
    folder.chmod(0o755)  # varnishd's worker process runs as its own user when started as root
    vcl = folder / "newsroom.vcl"
    vcl.write_text(vcl_for_backend(host, parts.port))
    port = free_port()
    front = Varnish("127.0.0.1", port, folder / "work", folder / "varnishd.log")
    command = [
        "varnishd",
        "-F",
        "-a",
        f"{front.host}:{port}",
        "-f",
        str(vcl),
        "-n",
        str(front.workdir),
        "-s",
        "malloc,64m",
    ]
    with front.log.open("w") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # start-up: compiling the VCL takes a second or two
        try:
            front.request("GET", "/healthz")
            return server, front
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"varnishd exited:\n{front.log.read_text()}\n{INSTALL}", pytrace=False)
            time.sleep(0.1)
    stop(server)
    pytest.fail(f"varnishd did not answer within 30 s:\n{front.log.read_text()}", pytrace=False)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@pytest.fixture(scope="session")
def varnish_server(live_server):
    folder = Path(tempfile.mkdtemp(prefix="newsroom-test-varnish-"))
    try:
        server, front = start_varnish(live_server.url, folder)
        try:
            yield front
        finally:
            stop(server)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def varnish(varnish_server, settings, transactional_db):
    """Varnish with nothing cached, purged by Django's writes, its backend taken for healthy.

    Healthy by decree (the test VCL has no probe, see `vcl_for_backend`), and back to healthy
    before each test: a test that wants it sick says so (backend.set_health).
    """
    settings.NEWSROOM_PURGE_URLS = [varnish_server.base]
    varnish_server.admin("backend.set_health", "default", "healthy")
    varnish_server.forget_everything()
    return varnish_server
