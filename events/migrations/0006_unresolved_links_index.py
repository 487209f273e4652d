"""Links by target path, for resolving them when their target arrives: unresolved links only.

A link resolved as it is written (about half of an import's) never enters the index, and one
resolved later leaves it; imports no longer pay for keeping every link's long path indexed.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_index_friendly_public_queries"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="related", name="related_by_target_path"),
        migrations.AddIndex(
            model_name="related",
            index=models.Index(
                condition=models.Q(("target__isnull", True)),
                fields=["target_path"],
                name="related_unresolved_by_path",
            ),
        ),
    ]
