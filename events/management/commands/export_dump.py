"""Write every public event as a data dump: JSON Lines and CSV (gzip), with a manifest."""

import time

from django.core.management.base import BaseCommand, CommandError

from events.dumps.writer import DumpError, write_dump


class Command(BaseCommand):
    help = (
        "Dump every public event, with its topics and sources, as JSON Lines and CSV (gzip) "
        "plus a manifest (counts, date, SHA-256), into the folder OUT of the dumps storage; "
        "the API then lists it as the latest dump."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT", help="the dump's name: a folder of the storage")

    def handle(self, *args, out, **options):
        started = time.monotonic()
        try:
            manifest = write_dump(out)
        except DumpError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Dumped {manifest['events']} events ({manifest['sources']} sources, "
                f"{manifest['topics']} topics) as {out} in {time.monotonic() - started:.1f} s."
            )
        )
        if options["verbosity"] > 1:
            for file in manifest["files"]:
                self.stdout.write(f"  {file['name']}: {file['bytes']} bytes, {file['sha256']}")
