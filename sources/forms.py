"""The source form's outlet, filled from the address when left empty."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .outlets import written_name_for


class SourceForm(forms.ModelForm):
    """A source needs its outlet as written (`BBC`), but an editor pasting an address should
    not have to type it: left empty, it is filled from the address (sources.outlets)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "name" in self.fields:
            self.fields["name"].required = False
            self.fields["name"].help_text = _(
                "As written: BBC, AP via Winnipeg Free Press. Left empty: filled from the URL."
            )

    def clean(self):
        cleaned = super().clean()
        url = cleaned.get("url")
        if "name" in self.fields and not cleaned.get("name") and url:
            cleaned["name"] = written_name_for(url)
        return cleaned
