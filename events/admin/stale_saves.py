"""Stale saves refused on every admin page that changes public data, whatever its model.

A change page carries, hidden, a digest of what the editor opened: the row, its many-to-many
values (an event's topics) and the rows of the page's inlines. The save locks the row and
compares: if anything changed since, through any page (a source renamed in an event's inline, a
topic renamed, an import), nothing is saved and the editor is told, in the words of the event
form's version check. No model needs a version column for it, so a page added later gets it by
using `RefusesStaleSaves`; tests/test_hardening_lost_updates.py holds every registered page of
the public models to that.
"""

import hashlib
import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

STATE_FIELD = "opened_state"


def not_saved_message(what: str, who: str = "", when: str = "") -> str:
    """The first line of every refusal of a stale save (the event form's words)."""
    return _(
        "Not saved: %(who)s saved this %(what)s%(when)s, after you opened it. Nothing of "
        "yours was saved. Below is what they changed; reload the page to see their version, "
        "then make your changes again."
    ) % {"who": who or _("someone else"), "what": what, "when": when}


def opened_state(obj, inlines=()) -> str:
    """A digest of `obj` as stored: its fields, many-to-many rows and inline rows.

    `inlines`: (model, name of its foreign key to `obj` or None when it has only one).
    """
    meta = obj._meta  # the documented Model _meta API
    state = {field.attname: field.value_to_string(obj) for field in meta.concrete_fields}
    for field in meta.many_to_many:
        # The rows themselves, not only which: a topic renamed meanwhile changes the event's
        # page, and the stale form would put the old name back.
        state[field.name] = sorted(opened_state(row) for row in getattr(obj, field.name).all())
    for relation in meta.related_objects:
        if relation.one_to_many and _is_inline(relation, inlines):
            rows = getattr(obj, relation.get_accessor_name()).order_by("pk")
            state[relation.name] = [opened_state(row) for row in rows]
    text = json.dumps(state, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _is_inline(relation, inlines) -> bool:
    return any(
        relation.related_model is model and fk_name in (None, relation.field.name)
        for model, fk_name in inlines
    )


class StaleSaveForm(forms.ModelForm):
    """Mixed into an admin page's form by `RefusesStaleSaves.get_form`."""

    opened_state = forms.CharField(widget=forms.HiddenInput, required=False)
    inlines: tuple = ()  # (model, foreign key name) of the page's inlines

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields[STATE_FIELD].initial = opened_state(self.instance, self.inlines)

    def clean(self):
        cleaned = super().clean()
        # An editor shown a conflict who chose to save over the other save (the event form's
        # "Save mine over theirs") has seen what changed: nothing more to refuse.
        if self.instance.pk and not getattr(self, "overwrites", None):
            self._refuse_if_stale(cleaned.get(STATE_FIELD))
        return cleaned

    def _refuse_if_stale(self, opened: str | None):
        model = type(self.instance)
        # Locked until the save commits: a second save waits here, then sees the first one.
        stored = model._default_manager.select_for_update().filter(pk=self.instance.pk).first()
        what = model._meta.verbose_name
        if stored is None:
            raise ValidationError(
                _("This %(what)s was deleted after you opened it.") % {"what": what}, code="gone"
            )
        if not opened:
            raise ValidationError(
                _("This form does not say which version of the %(what)s it edits. Reload the page.")
                % {"what": what},
                code="no_version",
            )
        if opened != opened_state(stored, self.inlines):
            raise ValidationError(not_saved_message(what), code="conflict")


class RefusesStaleSaves:
    """ModelAdmin mixin: its change page refuses a save based on an outdated page."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = kwargs.get("form", self.form)
        if not issubclass(base, StaleSaveForm):
            attributes = {
                "inlines": tuple((i.model, getattr(i, "fk_name", None)) for i in self.inlines),
                "__module__": base.__module__,
            }
            kwargs["form"] = type(base.__name__, (StaleSaveForm, base), attributes)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets  # nothing opened yet, or a read-only page that saves nothing
        (name, options), *rest = fieldsets
        if STATE_FIELD in options["fields"]:
            return fieldsets
        return [(name, {**options, "fields": [*options["fields"], STATE_FIELD]}), *rest]
