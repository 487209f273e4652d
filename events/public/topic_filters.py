"""The topic index's choices (a piece of the name, a first letter, an order) as a form: a
wrong value is a 400 naming the field, never a 500."""

from django import forms

from .queries.topic_index import LETTERS, OTHER, TopicChoice

SORT_BY_NAME = "name"
SORT_BY_EVENTS = "events"
MAX_FILTER_LENGTH = 100


class TopicIndexForm(forms.Form):
    q = forms.CharField(label="Topic name contains", required=False, max_length=MAX_FILTER_LENGTH)
    letter = forms.ChoiceField(
        label="First letter",
        required=False,
        choices=[("", "All"), *[(letter, letter) for letter in LETTERS], (OTHER, "#")],
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(SORT_BY_EVENTS, "Most events first"), (SORT_BY_NAME, "Name, A to Z")],
    )

    def choice(self) -> TopicChoice:
        data = self.cleaned_data
        return TopicChoice(
            name_contains=data["q"].strip(),
            letter=data["letter"],
            # Most active first unless asked otherwise: the stored counts' index serves it as
            # fast as the names' (100,000 events: docs/performance.md).
            by_events=data["sort"] != SORT_BY_NAME,
        )

    def problem(self) -> str:
        """The errors, each with the field it is about, as one sentence for the 400 page."""
        return " ".join(
            f"{self.fields[name].label} ({name}): {' '.join(errors)}"
            for name, errors in self.errors.items()
        )
