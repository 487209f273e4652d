import sys

from django.db import migrations

from events.models import search_phrases


def install(apps, schema_editor):
    missing = search_phrases.install(schema_editor)
    if missing:
        sys.stdout.write(f"\n  {missing} Phrases are searched through the GIN index.\n")


def remove(apps, schema_editor):
    search_phrases.remove(schema_editor)


class Migration(migrations.Migration):
    """PostgreSQL's index of the events' words with their places, for phrases, where the
    server has the RUM extension (events.models.search_phrases). Not atomic: the index is
    built CONCURRENTLY, without blocking writes to the events."""

    atomic = False

    dependencies = [
        ("events", "0030_day_counts"),
    ]

    operations = [
        migrations.RunPython(install, remove, elidable=False),
    ]
