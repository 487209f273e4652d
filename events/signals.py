"""Derived data only: links waiting for an event are resolved when an editor saves it."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .links import resolve_links_to
from .models import Event


@receiver(post_save, sender=Event, dispatch_uid="events.resolve_links_on_save")
def resolve_links_on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        resolve_links_to(instance)
