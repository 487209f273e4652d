"""An import reads the planner's statistics again as it grows the archive's tables: each time
it has written as many events as the database held when they were last read, once more
before its last step, and after it; an import that writes nothing reads none."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.generate_archive import write_archive
from events.archive import importer
from events.archive.importer import import_archive
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def events_table_analyses(queries) -> int:
    return sum(1 for query in queries if query["sql"].upper().startswith('ANALYZE "EVENTS_EVENT"'))


@pytest.fixture
def small_steps(monkeypatch):
    """Batches of two events, statistics read from three written on."""
    monkeypatch.setattr(importer, "FLUSH_EVERY", 2)
    monkeypatch.setattr(importer, "STATISTICS_AFTER", 3)


def imported(root) -> int:
    with CaptureQueriesContext(connection) as queries:
        report = import_archive(root)
    assert not report.refused
    return events_table_analyses(queries)


def test_statistics_are_read_each_time_the_events_double(tmp_path, small_steps):
    write_archive(tmp_path, 10)
    # Written 2, 4 (read: 4 >= 3), 6, 8 (read: 4 more, as many as described), 10; read again
    # before the last step (2 written since) and after the import.
    assert imported(tmp_path) == 4


def test_a_large_database_reads_them_only_before_the_last_step_and_after(tmp_path, small_steps):
    EventFactory.create_batch(12)  # ten events written are under the twelve there were
    write_archive(tmp_path, 10)
    assert imported(tmp_path) == 2


def test_an_unchanged_reimport_reads_none(tmp_path, small_steps):
    write_archive(tmp_path, 4)
    imported(tmp_path)
    assert imported(tmp_path) == 0
