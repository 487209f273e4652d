"""`manage.py export_archive ROOT`: write the database out as a markdown archive under ROOT."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from events.archive.exporter import ExportError, export_archive


class Command(BaseCommand):
    help = "Write published events (or all, with --include-drafts) as a markdown archive."

    def add_arguments(self, parser):
        parser.add_argument("root", help="the folder to write news/ into")
        parser.add_argument("--include-drafts", action="store_true", help="export drafts too")

    def handle(self, root, include_drafts, verbosity, **options):
        bar = tqdm(unit=" events", disable=not sys.stderr.isatty() or verbosity == 0)
        try:
            report = export_archive(root, include_drafts=include_drafts, progress=bar.update)
        except ExportError as error:
            raise CommandError(f"{error} Nothing was written.") from None
        finally:
            bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {report.events} events on {report.days} days "
                f"and {report.snapshots} snapshots to {root}."
            )
        )
