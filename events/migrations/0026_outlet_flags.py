from django.db import migrations

from events.models import outlet_flags


def flag_sources(apps, schema_editor):
    outlet_flags.flag_every_source(schema_editor)


class Migration(migrations.Migration):
    """Every source's flags for its outlet's public counts (events.models.outlet_flags): the
    database's triggers add them up from here on."""

    dependencies = [
        ("events", "0025_duplicate_pairs_and_merges"),
        ("sources", "0006_outlet_counts"),
    ]

    operations = [
        migrations.RunPython(flag_sources, migrations.RunPython.noop, elidable=False),
    ]
