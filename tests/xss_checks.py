"""Checks that payloads stayed text: markup of pages, feeds and sitemaps as the server sends
them, and the live page in a real browser (Tab), with dialogs, injected elements, unsafe links
and Content-Security-Policy violations recorded."""

import json
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from urllib.parse import urlsplit

ATOM = "{http://www.w3.org/2005/Atom}"
XHTML = "{http://www.w3.org/1999/xhtml}"
# Elements our templates never write: any of them on a page came from a payload.
FOREIGN_ELEMENTS = {
    "iframe", "object", "embed", "svg", "math", "base", "style", "marquee", "video", "audio",
    "source", "textarea", "noscript", "frame", "frameset", "applet", "xmp", "x:script",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "xlink:href"}
EXECUTABLE_ATTRIBUTES = {"style", "srcdoc", "formaction", "xlink:href"}


def safe_link(value: str) -> bool:
    """Site-relative, or http(s) to a named host: nothing a browser would run."""
    if value.startswith(("/", "?", "#")) and not value.startswith("//"):
        return value == value.strip()
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


class PageMarkup(HTMLParser):
    """Everything on a page that a payload could have added, listed as problems."""

    def __init__(self, allowed_forms=("/search/", "/topics/", "/date/")):
        super().__init__(convert_charrefs=True)
        self.allowed_forms = allowed_forms
        self._last_start = None
        self.problems: list[str] = []
        self.data_blocks: list[str] = []
        self.h1: list[str] = []
        self._script = self._h1 = None

    def handle_starttag(self, tag, attrs):
        named = dict(attrs)
        if tag in FOREIGN_ELEMENTS and not self._is_our_chart(tag):
            self.problems.append(f"<{tag}> element")
        self._last_start = (tag, named)
        if tag == "script":
            if attrs != [("type", "application/ld+json")]:
                self.problems.append(f"script {attrs}")
            self._script = ""
        if tag == "meta" and (
            "http-equiv" in named
            or (named.get("property") == "og:image" and not safe_link(named.get("content") or ""))
        ):
            self.problems.append(f"meta {attrs}")
        if tag == "form" and named.get("action") not in self.allowed_forms:
            self.problems.append(f"form {attrs}")
        if tag == "h1":
            self._h1 = ""
        for name, value in attrs:
            runs = name.startswith("on") or name in EXECUTABLE_ATTRIBUTES
            if runs or (name in URL_ATTRIBUTES and not safe_link(value or "")):
                self.problems.append(f"<{tag} {name}={value!r}>")

    def _is_our_chart(self, tag) -> bool:
        """A topic page's timeline: an <svg> straight inside <figure class="timeline-chart">
        (its attributes are checked as any others)."""
        return tag == "svg" and self._last_start == ("figure", {"class": "timeline-chart"})

    def handle_data(self, data):
        if self._script is not None:
            self._script += data
        if self._h1 is not None:
            self._h1 += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.data_blocks.append(self._script)
            self._script = None
        if tag == "h1" and self._h1 is not None:
            self.h1.append(self._h1)
            self._h1 = None


def markup_of(html: str, **options) -> PageMarkup:
    page = PageMarkup(**options)
    page.feed(html)
    page.close()
    for block in page.data_blocks:
        # A data block is JSON, and no payload can end it: every "<" in it is escaped.
        json.loads(block)
        if "<" in block:
            page.problems.append(f"raw '<' in a JSON-LD block: {block[:200]}")
    return page


def feed_problems(xml: bytes, headlines: dict[str, str]) -> list[str]:
    """Atom: titles are the headlines as text; summaries are escaped paragraphs; no XHTML."""
    problems = []
    root = ElementTree.fromstring(xml)  # noqa: S314  (our own feed)
    for element in root.iter():
        if element.tag.startswith(XHTML):
            problems.append(f"XHTML element {element.tag}")
        if element.tag == f"{ATOM}link" and not safe_link(element.get("href", "")):
            problems.append(f"link {element.get('href')!r}")
    for entry in root.iter(f"{ATOM}entry"):
        address = urlsplit(entry.find(f"{ATOM}link").get("href")).path
        if entry.findtext(f"{ATOM}title") != headlines[address]:
            problems.append(f"title of {address}: {entry.findtext(f'{ATOM}title')!r}")
        summary = entry.find(f"{ATOM}summary")
        if summary is not None:
            inner = PageMarkup()
            inner.feed(summary.text or "")
            problems += inner.problems
            tags = TagNames()
            tags.feed(summary.text or "")
            problems += [f"summary tag {tag}" for tag in tags.found - {"p", "br"}]
    return problems


class TagNames(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.found.add(tag if not attrs else f"{tag} with {attrs}")


def sitemap_problems(xml: bytes) -> list[str]:
    root = ElementTree.fromstring(xml)  # noqa: S314  (our own sitemap)
    locations = [e.text for e in root.iter() if e.tag.endswith("}loc")]
    return [loc for loc in locations if not (loc or "").startswith("http://testserver/")]


# Runs in the page: every element or attribute a payload would add, and every link that is
# not http(s). A feed must show as plain text; in a sitemap's tree no element may be XHTML.
INJECTED = """({admin}) => {
  const XHTML = "http://www.w3.org/1999/xhtml";
  const found = [];
  let root = document;
  if (!document.contentType.includes("html")) {
    // Chromium shows a feed as text, and other XML as a tree that keeps the document inside.
    const tree = document.getElementById("webkit-xml-viewer-source-xml");
    const text = document.querySelector("body > pre");
    if (text && !tree) {
      return text.children.length ? [`markup inside the text view: ${text.innerHTML}`] : [];
    }
    if (!tree) return ["XML shown neither as text nor as a tree"];
    root = tree;
  }
  const xml = root !== document;
  const foreign = ["iframe", "object", "embed", "svg", "math", "base", "style", "marquee",
    "video", "audio", "frame", "frameset", "applet", "noscript"];
  for (const el of root.getElementsByTagName("*")) {
    const tag = el.localName;
    if (xml && el.namespaceURI === XHTML) found.push(`XHTML <${tag}> in XML`);
    // The admin draws its icons as inline SVG; public pages have only a topic's timeline.
    const parent = el.parentElement;
    const chart = tag === "svg" && parent && parent.matches("figure.timeline-chart")
      && parent.querySelectorAll("svg").length === 1;
    const ours = (admin && tag === "svg") || chart;
    if (!xml && foreign.includes(tag) && !ours) found.push(`<${tag}>`);
    if (!admin && !xml && ["textarea", "source"].includes(tag)) found.push(`<${tag}>`);
    if (tag === "script" && el.namespaceURI === XHTML) {
      const data = el.getAttribute("type") === "application/ld+json";
      const ours = admin && el.src && new URL(el.src).origin === location.origin;
      if (!data && !ours) found.push(`script ${el.outerHTML.slice(0, 80)}`);
    }
    for (const attribute of el.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on") || ["srcdoc", "formaction"].includes(name)
          || (name === "style" && !admin)) {
        found.push(`<${tag} ${name}="${attribute.value.slice(0, 60)}">`);
      }
      if (["href", "src", "action", "poster", "data", "xlink:href"].includes(name)) {
        const protocol = new URL(attribute.value, document.baseURI).protocol;
        if (!["http:", "https:"].includes(protocol)) found.push(`${name}=${attribute.value}`);
      }
    }
  }
  return found;
}"""
VIOLATIONS = """window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));"""


class Tab:
    """One page of a browser context that stays on the live server and logs what goes wrong."""

    def __init__(self, context, base_url):
        self.base_url = base_url
        self.page = context.new_page()
        self.dialogs, self.problems = [], []
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)
        # Cover images of the payload events point at evil.example: nothing leaves the test.
        self.page.route("**/*", self._route)
        self.page.add_init_script(VIOLATIONS)

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message} on {self.page.url}")
        dialog.dismiss()

    def _console(self, message):
        if message.type == "error" and "net::ERR_FAILED" not in message.text:
            self.problems.append(f"console: {message.text} on {self.page.url}")

    def _route(self, route):
        if route.request.url.startswith(self.base_url):
            route.continue_()
        else:
            route.abort()

    def visit(self, address: str, admin: bool = False):
        response = self.page.goto(self.base_url + address)
        assert response.status == 200, address
        self.check(admin)

    def check(self, admin: bool = False):
        self.page.wait_for_load_state("load")
        if "xml" in self.page.evaluate("document.contentType"):
            # Chromium's view of XML (a tree, or text for a feed) is built after the load.
            self.page.wait_for_function(
                "document.getElementById('webkit-xml-viewer-source-xml')"
                " || document.querySelector('body > pre')"
            )
        found = self.page.evaluate(INJECTED, {"admin": admin})
        violations = self.page.evaluate("window.__violations || []")
        self.problems += [f"{self.page.url}: {item}" for item in found + violations]
