"""Outlets in the admin: display names, folding one outlet into another, dead-link rates."""

from django.contrib import admin, messages

from events.admin.stale_saves import RefusesStaleSaves
from sources.models import Outlet
from sources.outlets import MergeError, merge_outlets


@admin.register(Outlet)
class OutletAdmin(RefusesStaleSaves, admin.ModelAdmin):
    list_display = ["domain", "name", "source_count", "dead_count", "dead_rate", "merged_into"]
    list_filter = [("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["domain", "name"]
    autocomplete_fields = ["merged_into"]
    fields = ["domain", "name", "merged_into"]

    def get_readonly_fields(self, request, obj=None):
        # The domain is what addresses derive; a merge is final (its sources have moved).
        if obj is None:
            return []
        return ["domain", "merged_into"] if obj.merged_into_id else ["domain"]

    def get_queryset(self, request):
        # The counts are the outlet's own, kept by the database (sources.models.outlet_counts).
        return super().get_queryset(request).select_related("merged_into")

    def get_search_results(self, request, queryset, search_term):
        # "Merge into" offers current outlets only.
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name") == "merged_into":
            queryset = queryset.filter(merged_into__isnull=True)
        return queryset, duplicates

    @admin.display(description="dead-link rate")
    def dead_rate(self, outlet):
        if not outlet.source_count:
            return "-"
        return f"{outlet.dead_count / outlet.source_count:.0%}"

    def save_model(self, request, obj, form, change):
        kept = form.cleaned_data.get("merged_into")
        if not change or kept is None or "merged_into" not in form.changed_data:
            super().save_model(request, obj, form, change)
            return
        obj.merged_into = None  # merge_outlets sets it, with the sources and the purges
        super().save_model(request, obj, form, change)
        try:
            moved = merge_outlets(obj, kept)
        except MergeError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        message = f"{obj.domain} merged into {kept.domain}: {moved} sources moved."
        self.message_user(request, message)
