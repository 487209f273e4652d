"""An event's sources and related links, edited on its change page and ordered by dragging.

Both keep the order the editor gave: the position inputs are renumbered by the drag-and-drop
script (static/js/admin-sortable.js) and again on save (EventAdmin.save_formset). A source's
archived snapshot folds away until wanted.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import gettext_lazy as _

from sources.forms import SourceForm
from sources.models import Source

from ..models import MOST_RELATED, Related
from .date_widgets import ZonedSplitDateTime

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
    # The snapshot's time, like the event's, in inputs labelled "Date:" and "Time:".
    formfield_overrides = {models.DateTimeField: {"widget": ZonedSplitDateTime}}


class NamedDeleteFormSet(forms.BaseInlineFormSet):
    """The "Delete?" column's boxes sit under a heading that labels nothing: each box says
    what it deletes (aria-label) for screen readers."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if DELETION_FIELD_NAME in form.fields:
            form.fields[DELETION_FIELD_NAME].widget.attrs["aria-label"] = _(
                "Delete this related link"
            )


class RelatedInline(PositionedInlineMixin, admin.TabularInline):
    model = Related
    fk_name = "event"
    fields = ["position", "target", "target_headline", "target_path", "context"]
    max_num = MOST_RELATED
    autocomplete_fields = ["target"]
    formset = NamedDeleteFormSet
    # Django's table with a named first column (its empty heading is read as nothing).
    template = "admin/events/event/related_tabular.html"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """A table's inputs sit under its column headings, which label nothing: each input
        carries its column's name (aria-label) for screen readers; select2 gives the target's
        to its own box (static/js/admin-select2-names.js)."""
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            field.widget.attrs["aria-label"] = str(db_field.verbose_name).capitalize()
        return field
