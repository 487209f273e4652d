"""`manage.py import_archive ROOT`: import (or re-import) the markdown archive under ROOT/news."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from events.archive.discovery import parse_only
from events.archive.importer import import_archive
from events.archive.report import write_import_report


class Command(BaseCommand):
    help = "Import the markdown archive in ROOT/news/. Safe to re-run: unchanged files are skipped."

    def add_arguments(self, parser):
        parser.add_argument("root", help="the folder that holds news/")
        parser.add_argument(
            "--dry-run", action="store_true", help="check everything, report, write nothing"
        )
        parser.add_argument("--only", help="import only part: YYYY, YYYY/MM or YYYY/MM/D")

    def handle(self, root, dry_run, only, verbosity, **options):
        try:
            parse_only(only)
        except ValueError as error:
            raise CommandError(str(error)) from error
        bar = tqdm(unit=" files", disable=not sys.stderr.isatty() or verbosity == 0)
        try:
            report = import_archive(root, only=only, dry_run=dry_run, progress=bar.update)
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        write_import_report(report, self.stdout, self.style, verbosity)
        if report.refused:
            raise CommandError(f"{len(report.refused)} file(s) refused; see the list above.")
