"""A page rendered while a write commits is not kept past its purge.

Django purges once a write commits. A render that began before the commit read the old rows;
if it ends after the purge, the purge found nothing of it to remove, and kept, it would serve
the old rows for its whole lifetime (a day). The VCL keeps no response whose fetch began
before the latest purge.

The race is set up exactly, with a real Varnish and the repository's VCL in front of a small
local server that holds a render until told to finish it: the render reads "the rows" when it
begins, the write and its purge happen while it is held, then it finishes.
"""

import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.varnish import free_port, start_varnish, stop

pytestmark = pytest.mark.varnish

PAGE = "/news/2012/02/8/"
KEY = "day-2012-02-08"
HELD_AT_MOST_SECONDS = 10


class HeldBackend:
    """Answers PAGE with the version of "the rows" it read when the request arrived, under
    KEY, for a day; while `held`, it waits for `release()` before answering."""

    def __init__(self):
        self.version = 1
        self.renders = 0
        self.arrived = threading.Event()
        self.released = threading.Event()
        self.released.set()

    def hold(self) -> None:
        self.arrived.clear()
        self.released.clear()

    def release(self) -> None:
        self.released.set()

    def handler(self):
        backend = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = b"ok"
                if self.path == PAGE:
                    backend.renders += 1
                    body = f"version {backend.version}".encode()
                    backend.arrived.set()
                    backend.released.wait(HELD_AT_MOST_SECONDS)
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "public, max-age=0, s-maxage=86400")
                self.send_header("xkey", KEY)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture(scope="module")
def held():
    backend = HeldBackend()
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), backend.handler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    folder = Path(tempfile.mkdtemp(prefix="newsroom-test-varnish-race-"))
    try:
        process, front = start_varnish(f"http://127.0.0.1:{server.server_port}", folder)
        try:
            yield front, backend
        finally:
            stop(process)
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def varnish_in_front(held):
    front, backend = held
    front.admin("backend.set_health", "default", "healthy")
    front.forget_everything()
    backend.release()
    return front, backend


def purge(front) -> None:
    answer = front.request("PURGE", "/", {"xkey-purge": KEY})
    assert answer.status == 200, answer.status


def render_held_across(front, backend, during) -> str:
    """GET PAGE through Varnish with its render held while `during()` runs; its text."""
    backend.hold()
    with ThreadPoolExecutor(1) as pool:
        reader = pool.submit(front.get, PAGE)
        assert backend.arrived.wait(HELD_AT_MOST_SECONDS), "the render never began"
        during()
        backend.release()
        answer = reader.result(timeout=HELD_AT_MOST_SECONDS)
    assert answer.status == 200, answer.status
    return answer.text


def test_a_render_under_way_during_a_purge_reaches_its_reader_but_is_not_kept(
    varnish_in_front,
):
    front, backend = varnish_in_front

    def write_and_purge():
        backend.version = 2  # the write commits, then Django purges
        purge(front)

    assert render_held_across(front, backend, write_and_purge) == "version 1"
    renders = backend.renders
    fresh = front.get(PAGE)
    assert (fresh.text, backend.renders) == ("version 2", renders + 1)
    assert front.get(PAGE).cache == "HIT"


def test_a_render_no_purge_overtook_is_kept(varnish_in_front):
    front, backend = varnish_in_front
    purge(front)  # an earlier write's purge, before this render began
    assert render_held_across(front, backend, lambda: None) == f"version {backend.version}"
    again = front.get(PAGE)
    assert again.cache == "HIT", again.cache
