"""A real HTTP server on a free local port that takes PURGE requests as a front cache would,
recording the keys it was asked to purge; it can be told to refuse them."""

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class PurgeReceiver:
    def __init__(self):
        self.purged: list[set[str]] = []
        self.refusing = False
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
                status = 503 if receiver.refusing else 200
                if not receiver.refusing:
                    receiver.purged.append(set(self.headers.get("xkey-purge", "").split()))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"

    @property
    def keys(self) -> set[str]:
        """Every key purged so far."""
        return set().union(*self.purged) if self.purged else set()

    def forget(self) -> None:
        self.purged.clear()


@contextmanager
def purge_receiver():
    receiver = PurgeReceiver()
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()
