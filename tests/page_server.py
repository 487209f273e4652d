"""A real local HTTP server with the pages the fetcher must cope with (fixture `page_server`).

Each path is one behaviour: an article among site furniture, 404 and 410, redirect chains,
loops and one to the home page, a slow answer, an endless and a 50 MB body, a PDF, a page in
a legacy encoding, a robots.txt, a cookie. Handlers run in threads, so a slow page does not
hold up the others.
"""

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ARTICLE_PARAGRAPHS = [
    "Wang Lijun, the former police chief of Chongqing, spent a day inside the United States "
    "consulate in Chengdu before leaving of his own accord, officials said on Wednesday.",
    "The visit has prompted intense speculation about a power struggle in the city, where the "
    "party secretary Bo Xilai has led a high-profile campaign against organised crime.",
    "Local authorities said earlier that Mr Wang was on leave for health reasons and receiving "
    "what they described as vacation-style treatment, a phrase widely mocked online.",
]
FURNITURE = [
    "Sign in to your account",
    "Subscribe to our newsletter today",
    "Sponsored: the best mortgage rates of the year",
    "Copyright 2012 Example News Corporation. All rights reserved.",
]
SLOW_SECONDS = 3
FIFTY_MEGABYTES = 50 * 1024 * 1024
LEGACY_TEXT = "Le café de Zürich a rouvert ses portes à la fin de l'été, après des années."


def article_html() -> str:
    paragraphs = "\n".join(f"<p>{text}</p>" for text in ARTICLE_PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Chongqing policeman mystery deepens</title>
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/login">{FURNITURE[0]}</a></li></ul></nav></header>
<aside class="newsletter"><p>{FURNITURE[1]}</p></aside>
<main><article>
<h1>Chongqing policeman mystery deepens</h1>
{paragraphs}
</article></main>
<div class="ad advertisement"><p>{FURNITURE[2]}</p></div>
<footer><p>{FURNITURE[3]}</p></footer>
</body></html>"""


def legacy_html() -> bytes:
    body = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        "<title>Nouvelles de Zürich</title></head><body><article><h1>Nouvelles de Zürich</h1>"
        + f"<p>{LEGACY_TEXT}</p>" * 3
        + "</article></body></html>"
    )
    return body.encode("iso-8859-1")


class PageHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # keep the test output quiet
        pass

    def do_GET(self):  # noqa: N802 (the standard library's name)
        with self.server.counting:
            self.server.requests.append((self.path, dict(self.headers)))
            self.server.at_once += 1
            self.server.most_at_once = max(self.server.most_at_once, self.server.at_once)
        try:
            self.route()
        finally:
            with self.server.counting:
                self.server.at_once -= 1

    def route(self):
        route = self.server.routes.get(self.path.split("?")[0])
        if route is None:
            return self.answer(404, b"<h1>Not found</h1>")
        # The fetcher hangs up on endless or huge bodies, as it should.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self)

    def answer(self, status, body=b"", content_type="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location, status=301):
        self.answer(status, b"", headers=[("Location", location)])


def endless(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Connection", "close")
    handler.end_headers()
    chunk = b"<p>" + b"more " * 2000 + b"</p>\n"
    while True:
        handler.wfile.write(chunk)


def huge(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(FIFTY_MEGABYTES))
    handler.end_headers()
    chunk = b"x" * (1024 * 1024)
    for _ in range(50):
        handler.wfile.write(chunk)


def slow(handler):
    time.sleep(SLOW_SECONDS)
    handler.answer(200, article_html().encode())


ROUTES = {
    "/": lambda h: h.answer(200, b"<h1>Example News home</h1>"),
    "/news/article": lambda h: h.answer(200, article_html().encode()),
    "/news/plain.txt": lambda h: h.answer(
        200, b"A plain title\n\nPlain words of the story.\n", "text/plain; charset=utf-8"
    ),
    "/news/gone": lambda h: h.answer(410, b"<h1>Gone</h1>"),
    "/news/forbidden": lambda h: h.answer(403, b"<h1>Forbidden</h1>"),
    "/news/busy": lambda h: h.answer(429, b"<h1>Slow down</h1>", headers=[("Retry-After", "60")]),
    "/news/broken": lambda h: h.answer(503, b"<h1>Down for maintenance</h1>"),
    "/news/hop1": lambda h: h.redirect("/news/hop2"),
    "/news/hop2": lambda h: h.redirect("/news/hop3", 302),
    "/news/hop3": lambda h: h.redirect("/news/article", 307),
    "/news/loop-a": lambda h: h.redirect("/news/loop-b"),
    "/news/loop-b": lambda h: h.redirect("/news/loop-a"),
    "/news/long-chain": lambda h: h.redirect("/news/chain?1"),
    "/news/chain": lambda h: h.redirect(f"/news/chain?{int(h.path.split('?')[1]) + 1}"),
    "/news/moved-home": lambda h: h.redirect("/"),
    "/news/to-metadata": lambda h: h.redirect("http://169.254.169.254/latest/meta-data/"),
    "/news/to-loopback": lambda h: h.redirect(f"http://[::1]:{h.server.server_address[1]}/"),
    "/news/to-decimal": lambda h: h.redirect(f"http://2130706433:{h.server.server_address[1]}/"),
    "/news/to-localhost": lambda h: h.redirect(f"http://localhost:{h.server.server_address[1]}/"),
    "/news/cookie": lambda h: h.answer(200, b"<p>hi</p>", headers=[("Set-Cookie", "id=1; Path=/")]),
    "/news/slow": slow,
    "/news/endless": endless,
    "/news/huge": huge,
    "/news/report.pdf": lambda h: h.answer(200, b"%PDF-1.4\n%...", "application/pdf"),
    "/news/legacy": lambda h: h.answer(200, legacy_html(), "text/html"),
    "/private/article": lambda h: h.answer(200, article_html().encode()),
    "/robots.txt": lambda h: h.answer(
        200, b"User-agent: *\nDisallow: /private/\n", "text/plain; charset=utf-8"
    ),
}


class PageServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address=("127.0.0.1", 0), routes=None):
        super().__init__(address, PageHandler)
        self.routes = ROUTES if routes is None else routes
        self.requests = []
        self.counting = threading.Lock()
        self.at_once = self.most_at_once = 0

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


@contextlib.contextmanager
def serving(routes=None):
    """A PageServer answering `routes` (path -> handler function) while the block runs."""
    server = PageServer(routes=routes)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def page_server():
    with serving() as server:
        yield server
