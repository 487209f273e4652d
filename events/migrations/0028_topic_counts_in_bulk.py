from django.db import migrations

from events.models import topic_counts


def replace_functions(apps, schema_editor):
    topic_counts.replace_functions(schema_editor)


class Migration(migrations.Migration):
    """PostgreSQL: the topic count triggers note their changes for the end of a bulk write
    (`counting_in_bulk`) instead of updating the topics statement by statement. Outside one
    they count as before, so going back needs nothing undone."""

    dependencies = [
        ("events", "0027_topic_rows_by_date_and_flag"),
    ]

    operations = [
        migrations.RunPython(replace_functions, migrations.RunPython.noop, elidable=False),
    ]
