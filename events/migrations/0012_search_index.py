import django.db.models.deletion
from django.db import migrations, models

import events.models.search
from events.models import search as index


def install(apps, schema_editor):
    index.install(schema_editor)


def remove(apps, schema_editor):
    index.remove(schema_editor)


class Migration(migrations.Migration):
    """The full-text index: FTS5 and its triggers on SQLite, a stored generated tsvector with a
    GIN index on PostgreSQL (the statements live in events.models.search)."""

    dependencies = [
        ("events", "0011_topic_row_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "event",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="events.event",
                    ),
                ),
                (
                    "document",
                    events.models.search.SearchDocumentField(db_column="events_search"),
                ),
            ],
            options={
                "db_table": "events_search",
                "managed": False,
            },
        ),
        migrations.RunPython(install, remove, elidable=False),
    ]
