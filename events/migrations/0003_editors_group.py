"""The Editors group: curate events, sources, related links and topics, and publish.

No user, group or permission management and no other settings: those stay with superusers.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
# (app label, model, actions)
GRANTS = [
    ("events", "event", ("add", "change", "view")),
    ("events", "topic", ("add", "change", "view")),
    ("events", "related", ("add", "change", "delete", "view")),
    ("events", "redirect", ("view",)),
    ("sources", "source", ("add", "change", "delete", "view")),
]
EXTRA = [("events", "publish_event")]


def wanted_codenames():
    names = [(app, f"{action}_{model}") for app, model, actions in GRANTS for action in actions]
    return names + EXTRA


def ensure_editors_group(apps, using):
    """Make the group with its permissions; safe to run again (tests re-run it after a flush)."""
    # Permissions are normally made after all migrations ran; make them now to grant them.
    for label in ("events", "sources"):
        config = apps.get_app_config(label)
        models_module = getattr(config, "models_module", None)
        config.models_module = models_module or True
        create_permissions(config, apps=apps, verbosity=0, using=using)
        config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.using(using).get_or_create(name=EDITORS)
    for app_label, codename in wanted_codenames():
        editors.permissions.add(
            Permission.objects.using(using).get(
                content_type__app_label=app_label, codename=codename
            )
        )
    return editors


def create_editors(apps, schema_editor):
    ensure_editors_group(apps, schema_editor.connection.alias)


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0002_editorial_workflow"),
        ("sources", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
