"""One topic row per event and topic, its givers beside it.

Before, a topic a related link gave was a row of its own per giver, beside the event's own
row: an event linked by N events held a topic N + 1 times, and counts counted rows. Now each
(event, topic) is one row (`own` when the event has the topic itself) and the givers are
`GivenTopic` rows. The data moves in plain SQL, the same on SQLite and PostgreSQL: rows by
the hundred thousand.
"""

import django.db.models.deletion
from django.db import migrations, models

GIFTS_FROM_ROWS = """
INSERT INTO events_giventopic (event_id, topic_id, given_by_id)
SELECT DISTINCT content_object_id, tag_id, given_by_id FROM events_taggedevent
WHERE given_by_id IS NOT NULL
"""
OWN_ROWS = "UPDATE events_taggedevent SET own = (given_by_id IS NULL)"
# Keep each (event, topic)'s own row, or else its first given one.
EXTRA_ROWS = """
DELETE FROM events_taggedevent WHERE given_by_id IS NOT NULL AND (
    EXISTS (SELECT 1 FROM events_taggedevent o
            WHERE o.content_object_id = events_taggedevent.content_object_id
              AND o.tag_id = events_taggedevent.tag_id AND o.given_by_id IS NULL)
    OR id > (SELECT MIN(o.id) FROM events_taggedevent o
             WHERE o.content_object_id = events_taggedevent.content_object_id
               AND o.tag_id = events_taggedevent.tag_id)
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0014_topic_row_index_covers_listings"),
    ]

    operations = [
        migrations.CreateModel(
            name="GivenTopic",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="given_topics",
                        to="events.event",
                    ),
                ),
                (
                    "given_by",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="topics_given",
                        to="events.event",
                    ),
                ),
                (
                    "topic",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="gifts",
                        to="events.topic",
                    ),
                ),
            ],
            options={
                "verbose_name": "topic given by a link",
                "verbose_name_plural": "topics given by links",
            },
        ),
        migrations.AddField(
            model_name="taggedevent",
            name="own",
            field=models.BooleanField(
                default=True, editable=False, verbose_name="the event's own"
            ),
        ),
        migrations.RunSQL(GIFTS_FROM_ROWS, migrations.RunSQL.noop),
        migrations.RunSQL(OWN_ROWS, migrations.RunSQL.noop),
        # While the old indexes (by event and topic) still answer its subqueries.
        migrations.RunSQL(EXTRA_ROWS, migrations.RunSQL.noop),
        migrations.RemoveConstraint(model_name="taggedevent", name="tagged_event_once"),
        migrations.RemoveConstraint(model_name="taggedevent", name="topic_given_once"),
        migrations.RemoveIndex(model_name="taggedevent", name="topic_row_by_giver"),
        migrations.RemoveIndex(model_name="taggedevent", name="topic_row_by_event"),
        migrations.RemoveField(model_name="taggedevent", name="given_by"),
        migrations.AddIndex(
            model_name="taggedevent",
            index=models.Index(
                fields=["content_object", "tag", "own", "position"], name="topic_row_by_event"
            ),
        ),
        migrations.AddConstraint(
            model_name="taggedevent",
            constraint=models.UniqueConstraint(
                fields=("content_object", "tag"), name="topic_once_per_event"
            ),
        ),
        migrations.AddIndex(
            model_name="giventopic",
            index=models.Index(fields=["given_by"], name="given_topic_by_giver"),
        ),
        migrations.AddConstraint(
            model_name="giventopic",
            constraint=models.UniqueConstraint(
                fields=("event", "topic", "given_by"), name="given_topic_once"
            ),
        ),
    ]
