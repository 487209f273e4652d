"""`manage.py check_sources`: check the sources' links and record what each check found."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sources.link_checks import check_sources, sources_to_check
from sources.models import LinkCheck


class Command(BaseCommand):
    help = (
        "Check source links (one request at a time per host); a link failing twice a day "
        "apart is marked dead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--event", type=int, action="append", dest="events", help="only this event's (repeat)"
        )
        parser.add_argument(
            "--not-checked-for",
            type=int,
            metavar="DAYS",
            help="only links not checked in the last DAYS days (never checked included)",
        )
        parser.add_argument("--limit", type=int, help="check at most this many sources")

    def handle(self, events, not_checked_for, limit, verbosity, **options):
        if limit is not None and limit < 1 or not_checked_for is not None and not_checked_for < 0:
            raise CommandError("--limit must be positive and --not-checked-for not negative.")
        sources = sources_to_check(events, not_checked_for, limit)
        bar = tqdm(unit=" links", disable=not sys.stderr.isatty() or verbosity == 0)
        try:
            report = check_sources(sources, progress=bar.update)
        finally:
            bar.close()
        if verbosity == 0:
            return
        outcomes = report.outcomes
        self.stdout.write(
            f"Checked {report.links} links of {report.sources} sources: "
            f"{outcomes[LinkCheck.Outcome.OK]} answered, "
            f"{outcomes[LinkCheck.Outcome.FAILED]} failed, "
            f"{outcomes[LinkCheck.Outcome.UNREACHABLE]} unreachable."
        )
        self.stdout.write(f"Now dead: {report.now_dead}; live again: {report.live_again}.")
