"""`manage.py purge_cache`: send the purges the front caches have not taken yet.

`--everything` purges every page (after a deploy that changes templates); `--keys K ...`
purges the pages carrying those surrogate keys (events.http_cache.keys).
"""

from django.core.management.base import BaseCommand, CommandError

from events.http_cache import keys as keys_module
from events.http_cache.purge import purge_urls, request_purge, send_pending_purges


class Command(BaseCommand):
    help = "Send pending purges to the front caches (NEWSROOM_PURGE_URLS), or purge more."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--everything", action="store_true", help="Purge every page.")
        which.add_argument("--keys", nargs="+", metavar="KEY", help="Purge these keys.")

    def handle(self, *args, everything=False, keys=None, **options):
        if not purge_urls():
            raise CommandError("NEWSROOM_PURGE_URLS is empty: there is no front cache to purge.")
        wanted = [keys_module.SITE] if everything else keys or []
        request_purge(wanted)  # sent with the pending ones below
        left = send_pending_purges()
        if left:
            raise CommandError(f"{left} purges could not be sent; they stay pending.")
        self.stdout.write("Every pending purge was sent.")
