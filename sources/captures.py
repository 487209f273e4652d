"""Capturing articles before their links die: fetch, extract the story, keep it as a snapshot.

trafilatura finds the article in the page, so the snapshot holds the story and not the
site's menus, advertisements and footer. Captured snapshots have the archive's shape (a
title line, a blank line, the text: `export_archive` writes them as `<slug>.source-N.txt`);
when and where from they were captured, and a digest of the file, stay in the database.

Snapshots that came with the archive are never replaced: they are the record of what the
article said, and the page at that address may say something else by now. `refresh` captures
again only what this site captured before.

trafilatura is imported when a capture runs, not with this module: the admin imports this
module, so the whole site would otherwise load it (with lxml, jusText, courlan and htmldate: a
tenth of a second of every start-up) for this one job, and a broken install of it would stop
every page and command instead of failing the captures alone, with a message saying why.
"""

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import charset_normalizer
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from newsroom.renderable import repaired

from .fetch_runner import fetch_in_background
from .fetcher import FetchPolicy, FetchResult
from .models import LinkState, Source
from .signals import sources_changed
from .snapshots import Snapshot, render_snapshot

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
BATCH = 50
SNAPSHOT_FIELDS = [
    "snapshot_title",
    "snapshot_text",
    "snapshot_archived_at",
    "snapshot_final_url",
    "snapshot_digest",
]


class CapturesUnavailable(Exception):
    """The article extractor cannot be imported: no capture can run until it is reinstalled."""


@dataclass
class CaptureReport:
    links: int = 0
    captured: int = 0
    failed: list = field(default_factory=list)  # (url, why)


def sources_to_capture(refresh: bool = False, event_ids=None):
    """Live-or-unknown links with no snapshot; with `refresh`, also those captured before."""
    sources = capturable(Source.objects.exclude(link_state=LinkState.DEAD), refresh=refresh)
    if event_ids:
        sources = sources.filter(event_id__in=event_ids)
    return sources.order_by("pk")


def capturable(sources, *, refresh: bool):
    """Those of `sources` with no snapshot; with `refresh`, also those captured before."""
    no_snapshot = Q(snapshot_title="", snapshot_text="")
    return sources.filter(
        no_snapshot | Q(snapshot_archived_at__isnull=False) if refresh else no_snapshot
    )


def capture_sources(
    sources=None,
    *,
    policy: FetchPolicy | None = None,
    progress: Callable[[int], None] = lambda count: None,
) -> CaptureReport:
    article_extractor()  # before anything is fetched: without it the run fails whole
    sources = sources_to_capture() if sources is None else sources
    by_url = defaultdict(list)
    for pk, url in sources.values_list("pk", "url"):
        by_url[url].append(pk)
    report = CaptureReport(links=len(by_url))
    policy = policy or FetchPolicy.from_settings()
    results = fetch_in_background(by_url, policy, read_body=True, honour_robots=True)
    batch = []
    for result in results:
        batch.append(result)
        if len(batch) >= BATCH:
            _save(batch, by_url, report)
            progress(len(batch))
            batch = []
    _save(batch, by_url, report)
    progress(len(batch))
    return report


def _save(results: list[FetchResult], by_url: dict, report: CaptureReport) -> None:
    now = timezone.now()
    snapshots = {}
    for result in results:
        article = article_from(result)
        if isinstance(article, str):
            report.failed.append((result.url, article))
        else:
            snapshots[result.url] = article
    if not snapshots:
        return
    with transaction.atomic():
        pks = [pk for url in snapshots for pk in by_url[url]]
        changed = []
        for source in Source.objects.filter(pk__in=pks).only("pk", "event_id", "url"):
            snapshot, final_url = snapshots[source.url]
            source.snapshot_title, source.snapshot_text = snapshot.title, snapshot.text
            source.snapshot_archived_at, source.snapshot_final_url = now, final_url[:2048]
            source.snapshot_digest = snapshot_digest(snapshot)
            changed.append(source)
        Source.objects.bulk_update(changed, SNAPSHOT_FIELDS)
        # The events' pages show the snapshots.
        captured = {source.event_id for source in changed}
        sources_changed.send(Source, event_ids=captured, shown_by_api=True)
    report.captured += len(changed)


def article_from(result: FetchResult) -> tuple[Snapshot, str] | str:
    """(the snapshot, the address it came from), or why there is none."""
    if result.failure is not None:
        return result.error
    if result.status != 200 or result.body is None:
        return f"HTTP {result.status}"
    text = decoded(result.body, result.charset)
    if result.content_type == "text/plain":
        title, _, body = text.strip().partition("\n")
        snapshot = Snapshot(title.strip(), body.strip())
    else:
        snapshot = extract_article(text, result.final_url)
    if snapshot is None or not snapshot.text:
        return "no article text found in the page"
    # A page is not refused for a stray control character: what no output can carry becomes
    # U+FFFD (newsroom.renderable), as in the text an editor or the archive would be refused.
    snapshot = Snapshot(repaired(snapshot.title), repaired(snapshot.text, multiline=True))
    return snapshot, result.final_url


def article_extractor():
    """trafilatura, imported here (see the module's docstring), or CapturesUnavailable."""
    try:
        import trafilatura
    except ImportError as error:
        why = " ".join(str(error).split())  # lxml's message runs over two lines
        raise CapturesUnavailable(
            f"Captures need trafilatura, which cannot be imported: {why} "
            "(reinstall the lock: pip install --require-hashes -r requirements.txt)"
        ) from error
    return trafilatura


def extract_article(html: str, url: str) -> Snapshot | None:
    document = article_extractor().bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if document is None or not document.text:
        return None
    title = " ".join((document.title or url).split())  # one line: the file's first
    text = document.text.replace("\r\n", "\n").strip()
    return Snapshot(title[:2000], text)


def decoded(body: bytes, charset: str | None) -> str:
    """The page's text: the header's charset, else the page's own <meta>, else a guess."""
    declared = charset
    if not declared and (meta := META_CHARSET.search(body[:4096])):
        declared = meta.group(1).decode("ascii")
    if declared:
        try:
            return body.decode(declared, errors="replace")
        except LookupError:
            pass  # an unknown charset name: guess instead
    best = charset_normalizer.from_bytes(body).best()
    return str(best) if best is not None else body.decode("utf-8", errors="replace")


def snapshot_digest(snapshot: Snapshot) -> str:
    """SHA-256 of the snapshot as the archive file holds it."""
    return hashlib.sha256(render_snapshot(snapshot).encode("utf-8")).hexdigest()
