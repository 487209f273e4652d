"""Every text an editor or the archive gives renders in every output (newsroom.renderable):
the fields refuse what cannot, and rows stored before are mended (newsroom.renderable_repair),
so a feed that answered 500 for one of them answers at once."""

import newsroom.carriable
import newsroom.renderable
from django.db import migrations, models

from newsroom.renderable_repair import mark_events_changed, repair_texts


def mend_stored_texts(apps, schema_editor):
    using = schema_editor.connection.alias
    Event = apps.get_model("events", "Event")
    Related = apps.get_model("events", "Related")
    Topic = apps.get_model("events", "Topic")
    TaggedEvent = apps.get_model("events", "TaggedEvent")
    changed = repair_texts(Event, using, one_line=["headline"], multiline=["summary"])
    changed |= repair_texts(Event, using, one_line=["cover_image_url"])
    links = repair_texts(Related, using, one_line=["target_headline", "context", "target_path"])
    changed |= set(Related.objects.using(using).filter(pk__in=links).values_list("event_id", flat=True))
    topics = repair_texts(Topic, using, one_line=["name"])
    rows = TaggedEvent.objects.using(using).filter(tag_id__in=topics)
    changed |= set(rows.values_list("content_object_id", flat=True))
    mark_events_changed(Event, using, changed)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0015_topic_once_per_event_with_givers"),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="headline",
            field=models.CharField(max_length=2000, validators=[newsroom.renderable.validate_one_line], verbose_name="headline"),
        ),
        migrations.AlterField(
            model_name="event",
            name="summary",
            field=models.TextField(blank=True, help_text="Plain text; separate paragraphs with a blank line.", validators=[newsroom.renderable.validate_multiline, newsroom.carriable.validate_summary], verbose_name="summary"),
        ),
        migrations.AlterField(
            model_name="related",
            name="context",
            field=models.CharField(blank=True, help_text="Topics the two events share, comma separated: Chongqing, Wang Lijun", max_length=1000, validators=[newsroom.renderable.validate_one_line, newsroom.carriable.validate_context], verbose_name="context"),
        ),
        migrations.AlterField(
            model_name="related",
            name="target_headline",
            field=models.CharField(blank=True, max_length=2000, validators=[newsroom.renderable.validate_one_line], verbose_name="target headline"),
        ),
        migrations.AlterField(
            model_name="related",
            name="target_path",
            field=models.CharField(blank=True, help_text="As the archive writes it: /news/2012/09/5/<slug>.md", max_length=500, validators=[newsroom.renderable.validate_one_line], verbose_name="target archive path"),
        ),
        migrations.AlterField(
            model_name="topic",
            name="name",
            field=models.CharField(max_length=255, unique=True, validators=[newsroom.renderable.validate_one_line], verbose_name="name"),
        ),
        migrations.RunPython(mend_stored_texts, migrations.RunPython.noop),
    ]
