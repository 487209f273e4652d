"""Refill the words "Did you mean" chooses from (PostgreSQL; SQLite's are always in step)."""

from django.core.management.base import BaseCommand

from events.models.search_words import refresh_search_words


class Command(BaseCommand):
    help = "Refill the search's word list from the full-text index (PostgreSQL; run after edits)."

    def handle(self, *args, **options):
        refresh_search_words()
        self.stdout.write("Search words refreshed.")
