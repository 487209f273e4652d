"""What makes the public pages' queries index-friendly.

- Every published event gets a publish time (when it went public; here: when it was created),
  so `published()` tests one status set and one time instead of an OR of two cases.
- Lists and counts of public events by date are answered from an index on (date, status,
  publish time) alone.
- Topic rows carry their event's date: a topic's events in date order (topic pages, "what
  happened next") come from one index on (topic, event date) instead of a lookup of every event
  of the topic.
"""

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery


def give_published_events_a_publish_time(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Event.objects.filter(status="published", publish_at__isnull=True).update(
        publish_at=F("created_at")
    )


def copy_event_dates(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    TaggedEvent = apps.get_model("events", "TaggedEvent")
    date = Event.objects.filter(pk=OuterRef("content_object_id")).values("date")[:1]
    TaggedEvent.objects.update(event_date=Subquery(date))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_lean_foreign_key_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="publish_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the event became public, or (scheduled) when it will.",
                null=True,
                verbose_name="publish at",
            ),
        ),
        migrations.RunPython(
            give_published_events_a_publish_time, migrations.RunPython.noop, elidable=True
        ),
        migrations.AddField(
            model_name="taggedevent",
            name="event_date",
            field=models.DateField(editable=False, null=True, verbose_name="event date"),
        ),
        migrations.RunPython(copy_event_dates, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="taggedevent",
            name="event_date",
            field=models.DateField(editable=False, verbose_name="event date"),
        ),
        migrations.AlterField(
            model_name="taggedevent",
            name="content_object",
            field=models.ForeignKey(
                db_index=False,
                on_delete=models.deletion.CASCADE,
                related_name="topic_rows",
                to="events.event",
            ),
        ),
        migrations.RemoveIndex(model_name="taggedevent", name="tagged_event_by_tag"),
        migrations.AddIndex(
            model_name="taggedevent",
            index=models.Index(
                fields=["tag", "event_date", "content_object"], name="tagged_event_by_tag_date"
            ),
        ),
        migrations.RemoveIndex(model_name="event", name="event_public_by_date"),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["date", "status", "publish_at"], name="event_public_dates"),
        ),
    ]
