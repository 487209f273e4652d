from django.db import migrations, models
from django.db.models import Count, Exists, OuterRef, Subquery


def count_sources(apps, schema_editor):
    """Each event citing sources gets their number; the others keep 0."""
    alias = schema_editor.connection.alias
    Event = apps.get_model("events", "Event")
    Source = apps.get_model("sources", "Source")
    cited = Source.objects.using(alias).filter(event=OuterRef("pk")).order_by()
    number = cited.values("event").annotate(number=Count("pk")).values("number")
    Event.objects.using(alias).filter(Exists(cited)).update(sources_count=Subquery(number))


class Migration(migrations.Migration):
    """Each event's number of sources, stored: the desk's and the changelist's "without
    sources" read the events of 0 along their own index."""

    dependencies = [
        ("events", "0028_topic_counts_in_bulk"),
        ("sources", "0008_source_name_trigrams"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="sources_count",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="sources"),
        ),
        migrations.RunPython(count_sources, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("sources_count", 0)),
                fields=["-date", "position", "id"],
                name="event_without_sources",
            ),
        ),
    ]
