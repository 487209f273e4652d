"""Every text an editor, the archive or a capture gives renders in every output
(newsroom.renderable): the fields refuse what cannot, and rows stored before are mended
(newsroom.renderable_repair)."""

import newsroom.carriable
import newsroom.renderable
from django.db import migrations, models

from newsroom.renderable_repair import mark_events_changed, repair_texts


def mend_stored_texts(apps, schema_editor):
    using = schema_editor.connection.alias
    Source = apps.get_model("sources", "Source")
    Outlet = apps.get_model("sources", "Outlet")
    sources = repair_texts(
        Source, using, one_line=["name", "snapshot_title", "url"], multiline=["snapshot_text"]
    )
    repair_texts(Outlet, using, one_line=["name"])
    events = Source.objects.using(using).filter(pk__in=sources).values_list("event_id", flat=True)
    mark_events_changed(apps.get_model("events", "Event"), using, set(events))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0016_renderable_texts"),
        ("sources", "0004_fill_outlets"),
    ]

    operations = [
        migrations.AlterField(
            model_name="outlet",
            name="name",
            field=models.CharField(blank=True, help_text="How readers see it, e.g. BBC News. Empty: the domain.", max_length=200, validators=[newsroom.renderable.validate_one_line], verbose_name="display name"),
        ),
        migrations.AlterField(
            model_name="source",
            name="name",
            field=models.CharField(help_text="As written: BBC, AP via Winnipeg Free Press", max_length=500, validators=[newsroom.renderable.validate_one_line, newsroom.carriable.validate_source_name], verbose_name="outlet as written"),
        ),
        migrations.AlterField(
            model_name="source",
            name="snapshot_text",
            field=models.TextField(blank=True, help_text="The article's text as archived.", validators=[newsroom.renderable.validate_multiline], verbose_name="snapshot text"),
        ),
        migrations.AlterField(
            model_name="source",
            name="snapshot_title",
            field=models.CharField(blank=True, max_length=2000, validators=[newsroom.renderable.validate_one_line], verbose_name="snapshot title"),
        ),
        migrations.RunPython(mend_stored_texts, migrations.RunPython.noop),
    ]
