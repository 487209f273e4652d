from django.db import migrations, models

from events.models import day_counts


def install(apps, schema_editor):
    day_counts.install(schema_editor)


def remove(apps, schema_editor):
    day_counts.remove(schema_editor)


class Migration(migrations.Migration):
    """Each day's number of public or scheduled events, counted once here and kept by
    triggers on the events' table (events.models.day_counts)."""

    dependencies = [
        ("events", "0029_sources_count"),
    ]

    operations = [
        migrations.CreateModel(
            name="DayCount",
            fields=[
                ("date", models.DateField(primary_key=True, serialize=False)),
                ("public_count", models.IntegerField(default=0)),
            ],
            options={"verbose_name": "day's count", "ordering": ["date"]},
        ),
        migrations.RunPython(install, remove, elidable=False),
    ]
