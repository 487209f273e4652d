"""Saves the public could see retire every cached page (events.public_version).

The cache is derived data, so signals keep it in step with single-object writes: saving an
event, a source, a related link, a topic or an event's topic row, deleting an event or a topic,
and taggit's topic changes. Bulk writes send no signals; the code that makes them bumps the
version itself: the archive import, topic merges and renames, revision restores.

No delete handler for sources, related links or topic rows, on purpose: a delete handler makes
Django load and signal every row of a bulk delete, which the import does by the thousand. Those
rows are deleted with their event's save (its change form, events.editorial.workflow) or in bulk.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from sources.models import Source

from .models import Event, Related, TaggedEvent, Topic
from .public_version import bump_public_version

PUBLIC_MODELS = (Event, Source, Related, Topic, TaggedEvent)
TOPIC_CHANGES = {"post_add", "post_remove", "post_clear"}


def _bump(sender, **kwargs):
    bump_public_version()


for model in PUBLIC_MODELS:
    post_save.connect(_bump, sender=model, dispatch_uid=f"public_version.saved.{model.__name__}")
for model in (Event, Topic):
    post_delete.connect(
        _bump, sender=model, dispatch_uid=f"public_version.deleted.{model.__name__}"
    )


@receiver(m2m_changed, sender=TaggedEvent, dispatch_uid="public_version.topics_changed")
def topics_changed(sender, action, **kwargs):
    if action in TOPIC_CHANGES:
        bump_public_version()
