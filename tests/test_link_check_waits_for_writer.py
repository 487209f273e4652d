"""A link check's results are written even while another process holds the database's write
lock for longer than a connection waits (an import's batch on a busy machine): SQLite answers
"database is locked", and minutes of fetching must not be lost to it."""

import threading

import pytest
from django.db import connection, transaction

from sources.fetcher import FetchResult
from sources.link_checks import CheckReport, record_checks
from sources.models import LinkCheck
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def hold_write_lock(holding: threading.Event, release: threading.Event) -> None:
    """Another connection in a write transaction on the ledger's table until `release`."""
    try:
        # On SQLite the transaction takes the database's write lock as it begins (IMMEDIATE).
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("LOCK TABLE sources_linkcheck IN SHARE ROW EXCLUSIVE MODE")
            holding.set()
            release.wait(10)
    finally:
        connection.close()


def test_results_written_once_the_other_writer_lets_go():
    sources = [SourceFactory(url=f"http://example.org/news/{n}") for n in range(3)]
    by_url = {source.url: [source.pk] for source in sources}
    results = [FetchResult(url=url, final_url=url, status=200) for url in by_url]
    holding, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(holding, release))
    holder.start()
    assert holding.wait(10)
    threading.Timer(1.0, release.set).start()
    report = CheckReport()
    try:
        record_checks(results, by_url, report)
    finally:
        release.set()
        holder.join()
    assert LinkCheck.objects.count() == 3
    assert dict(report.outcomes) == {LinkCheck.Outcome.OK: 3}
