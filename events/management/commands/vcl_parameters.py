"""Write the VCL's per-path parameter lists from newsroom/query_parameters.py's table."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsroom.query_parameters import vcl_with_block

VCL = Path(settings.BASE_DIR) / "deploy" / "varnish" / "newsroom.vcl"


class Command(BaseCommand):
    help = "Write deploy/varnish/newsroom.vcl's parameter lists from the table of parameters."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only say whether the VCL is up to date."
        )

    def handle(self, *args, check=False, **options):
        text = VCL.read_text()
        written = vcl_with_block(text)
        if check:
            if written != text:
                raise CommandError(f"{VCL} is out of date: run python manage.py vcl_parameters")
            self.stdout.write(f"{VCL} is up to date.")
            return
        VCL.write_text(written)
        self.stdout.write(f"Wrote {VCL}.")
