"""An event's sources and related links, edited on its change page and ordered by dragging.

Both keep the order the editor gave: the position inputs are renumbered by the drag-and-drop
script (static/js/admin-sortable.js) and again on save (EventAdmin.save_formset). A source's
archived snapshot folds away until wanted.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sources.forms import SourceForm
from sources.models import Source

from ..models import MOST_RELATED, Related

SORTABLE_CLASS = "sortable-rows"


class PositionedInlineMixin:
    """Inline rows keep the order the editor gave, renumbered 0..n-1 on save."""

    ordering = ["position", "id"]
    extra = 0
    classes = [SORTABLE_CLASS]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "position":
            kwargs["widget"] = forms.NumberInput(attrs={"class": "row-position", "min": 0})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class SourceInline(PositionedInlineMixin, admin.StackedInline):
    model = Source
    form = SourceForm
    fieldsets = [
        (None, {"fields": [("position", "name", "url")]}),
        (
            _("Archived snapshot"),
            {
                "fields": ["snapshot_title", "snapshot_archived_at", "snapshot_text"],
                "classes": ["collapse"],
            },
        ),
    ]
    show_change_link = True


class RelatedInline(PositionedInlineMixin, admin.TabularInline):
    model = Related
    fk_name = "event"
    fields = ["position", "target", "target_headline", "target_path", "context"]
    max_num = MOST_RELATED
    autocomplete_fields = ["target"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """A table's inputs sit under its column headings, which label nothing: each input
        carries its column's name (aria-label) for screen readers."""
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name != "target":
            field.widget.attrs["aria-label"] = str(db_field.verbose_name).capitalize()
        return field
