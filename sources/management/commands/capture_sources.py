"""`manage.py capture_sources`: keep a snapshot of each source's article before its link dies."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sources.captures import CapturesUnavailable, capture_sources, sources_to_capture


class Command(BaseCommand):
    help = (
        "Capture the articles of sources without a snapshot (robots.txt honoured); "
        "--refresh captures again what was captured before (never the archive's snapshots)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--refresh", action="store_true", help="capture again")
        parser.add_argument(
            "--event", type=int, action="append", dest="events", help="only this event's (repeat)"
        )
        parser.add_argument("--limit", type=int, help="capture at most this many sources")

    def handle(self, refresh, events, limit, verbosity, **options):
        sources = sources_to_capture(refresh, events)
        if limit is not None:
            sources = sources[:limit]
        bar = tqdm(unit=" pages", disable=not sys.stderr.isatty() or verbosity == 0)
        try:
            report = capture_sources(sources, progress=bar.update)
        except CapturesUnavailable as error:
            raise CommandError(str(error)) from error  # the reason, not a traceback
        finally:
            bar.close()
        if verbosity == 0:
            return
        self.stdout.write(
            f"Captured {report.captured} sources from {report.links} pages; "
            f"{len(report.failed)} pages had no article."
        )
        if verbosity > 1:
            for url, why in report.failed:
                self.stdout.write(f"  {url}: {why}")
