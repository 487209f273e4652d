"""The index's words with their counts, for "Did you mean" (events.models.search_words)."""

from django.db import migrations, models

from events.models import search_words


def install(apps, schema_editor):
    search_words.install(schema_editor)


def remove(apps, schema_editor):
    search_words.remove(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("events", "0017_topic_names_hold_no_comma")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("term", models.TextField(primary_key=True, serialize=False)),
                ("doc", models.IntegerField()),
                ("cnt", models.IntegerField()),
            ],
            options={"db_table": "events_search_vocab", "managed": False},
        ),
        migrations.RunPython(install, remove),
    ]
