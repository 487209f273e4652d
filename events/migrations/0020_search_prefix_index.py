"""SQLite's full-text index keeps one- and two-letter prefixes (events.models.search): a broad
prefix search reads one list. PostgreSQL's index is left as it is."""

from django.db import migrations

from events.models import search


def with_prefixes(apps, schema_editor):
    search.rebuild_sqlite_table(schema_editor)


def without_prefixes(apps, schema_editor):
    search.rebuild_sqlite_table(schema_editor, search.SQLITE_TABLE_WITHOUT_PREFIXES)


class Migration(migrations.Migration):
    dependencies = [("events", "0019_topic_counts")]

    operations = [migrations.RunPython(with_prefixes, without_prefixes, elidable=False)]
