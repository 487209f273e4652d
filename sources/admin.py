"""Sources on their own: find every citation of an outlet or a URL."""

from django.contrib import admin

from .models import Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
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
