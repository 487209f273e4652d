"""List possible duplicate events over the whole archive (events.editorial.duplicates)."""

from django.core.management.base import BaseCommand

from events.editorial import duplicates


class Command(BaseCommand):
    help = "List pairs of events a few days apart whose headlines read alike."

    def add_arguments(self, parser):
        parser.add_argument(
            "--threshold", type=float, default=duplicates.SIMILAR_SCORE, help="0-100"
        )

    def handle(self, *args, threshold, **options):
        pairs = duplicates.archive_pairs(threshold)
        for pair in pairs:
            self.stdout.write(f"{pair.score:5.1f}  {pair.first}\n       {pair.second}")
        self.stdout.write(self.style.SUCCESS(f"{len(pairs)} possible duplicate pairs."))
