"""Recorded redirects, for looking up where an old address leads."""

from django.contrib import admin

from ..models import Redirect


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Made by the workflow (moves, renames, merges), never by hand: read-only here."""

    list_display = ["old_path", "target", "created_at"]
    list_select_related = ["event", "topic"]
    search_fields = ["old_path"]
    readonly_fields = ["old_path", "event", "topic", "target_url_name", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
