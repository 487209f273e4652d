"""Sources on their own: find every citation of an outlet or a URL.

A source edited or deleted here changes its event: the event gets a revision and a new lock
version, as if the change had been made in the event's own form.
"""

from contextlib import ExitStack, contextmanager

from django.contrib import admin

from events.admin.stale_saves import RefusesStaleSaves
from events.editorial.workflow import changing_parts_of

from .models import Source


@admin.register(Source)
class SourceAdmin(RefusesStaleSaves, admin.ModelAdmin):
    list_display = ["name", "url", "event", "has_snapshot"]
    list_select_related = ["event"]
    search_fields = ["name", "url"]
    autocomplete_fields = ["event"]
    fields = [
        "event",
        "position",
        "name",
        "url",
        "snapshot_title",
        "snapshot_text",
        "snapshot_archived_at",
    ]

    @admin.display(boolean=True, description="snapshot")
    def has_snapshot(self, source):
        return source.has_snapshot

    def save_model(self, request, obj, form, change):
        # A source moved to another event changes both events.
        events = {obj.event_id, form.initial.get("event")} - {None}
        verb = "Changed" if change else "Added"
        with versioning(events, request.user, f"{verb} source “{obj.name}”."):
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        with versioning({obj.event_id}, request.user, f"Deleted source “{obj.name}”."):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        events = set(queryset.values_list("event_id", flat=True))
        with versioning(events, request.user, "Deleted sources."):
            super().delete_queryset(request, queryset)


@contextmanager
def versioning(event_ids, user, comment):
    """Lock, then version, every event a change touches (in id order, so saves never deadlock)."""
    with ExitStack() as stack:
        for event_id in sorted(event_ids):
            stack.enter_context(changing_parts_of(event_id, user=user, comment=comment))
        yield
