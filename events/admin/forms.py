"""The event change form's two guards, and the small forms behind the workflow actions.

The change form refuses a save based on an older version of the event than the database holds
(optimistic locking), and refuses status changes from editors who may not publish.
"""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from newsroom.parameters import whole_number_or_none

from ..editorial import revision_diffs, revisions
from ..editorial.topic_order import ordered_topic_names
from ..models import Event, Topic
from .date_widgets import ZonedSplitDateTime
from .topic_field import OrderedTopicsField

PUBLISHING_FIELDS = ("status", "publish_at")
# Sent by the "Save mine over theirs" button with the version the editor chose to save over.
OVERWRITE_FIELD = "_overwrite"


class EventAdminForm(forms.ModelForm):
    """The event form, carrying the lock version the editor opened as a hidden field."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    topics = OrderedTopicsField(label=_("Topics"), required=False)

    class Meta:
        # One sentence, often two lines long: a box as wide as the page, not a 20-em input.
        widgets = {"headline": forms.Textarea(attrs={"rows": 3})}

    # Set per request by EventAdmin.get_form, which also supplies the model and fields.
    may_publish = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored = None
        # Set when the save is refused because someone saved meanwhile (a Conflict), and when
        # the editor chose to save over that other save.
        self.conflict = self.overwrites = None
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.lock_version
            self.initial["topics"] = ordered_topic_names(self.instance)

    def clean_publish_at(self):
        """The time as stored when the editor left it alone: the form shows whole seconds,
        the database may hold a fraction (an event published "now")."""
        given = self.cleaned_data.get("publish_at")
        if "publish_at" in self.fields and "publish_at" not in self.changed_data:
            return self.initial.get("publish_at", given)
        return given

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._refuse_if_changed_meanwhile(cleaned.get("opened_version"))
        self._refuse_publishing_unless_allowed(cleaned)
        return cleaned

    def _refuse_if_changed_meanwhile(self, opened):
        # The row stays locked until the save commits: a second save waits here, then sees
        # the first one's version. (SQLite takes its write lock when the transaction begins.)
        self.stored = Event.objects.select_for_update().filter(pk=self.instance.pk).first()
        if self.stored is None:
            raise ValidationError(_("This event was deleted after you opened it."), code="gone")
        if opened == self.stored.lock_version:
            return
        if opened is None:
            raise ValidationError(
                _("This form does not say which version of the event it edits. Reload the page."),
                code="no_version",
            )
        self.conflict = find_conflict(self.stored, opened)
        if self._overwrite_version() == self.stored.lock_version:
            # The editor saw exactly these changes of theirs and chose to save over them.
            self.overwrites = self.conflict
            return
        raise ValidationError(self.conflict.messages(), code="conflict")

    def _overwrite_version(self):
        return whole_number_or_none(self.data.get(OVERWRITE_FIELD), lowest=0)

    def _refuse_publishing_unless_allowed(self, cleaned):
        if self.may_publish:
            return
        if self.instance.pk:
            wants = any(name in self.changed_data for name in PUBLISHING_FIELDS)
        else:
            wants = cleaned.get("status", Event.Status.DRAFT) != Event.Status.DRAFT
        if wants:
            self.add_error(
                "status",
                _(
                    "Publishing, scheduling or unpublishing needs the “can publish” "
                    "permission; you may save the event as it is."
                ),
            )


@dataclass
class Conflict:
    """Someone saved the event after the editor opened it: who, when, and what they changed."""

    who: str
    when: str
    version: int
    changes: list = field(default_factory=list)

    def messages(self) -> list[str]:
        lines = [
            _(
                "Not saved: %(who)s saved this event%(when)s, after you opened it. Nothing of "
                "yours was saved. Below is what they changed; your own changes are still in "
                "the form."
            )
            % {"who": self.who, "when": self.when}
        ]
        return lines + [change.describe() for change in self.changes]


def find_conflict(stored: Event, opened: int) -> Conflict:
    """Who changed the event since the editor opened version `opened`, and what they changed."""
    latest = revisions.versions_of(stored).first()
    who = str(_("someone else"))
    when = ""
    if latest is not None:
        revision = latest.revision
        who = revision.user.get_username() if revision.user else who
        when = " at " + formats.date_format(
            timezone.localtime(revision.date_created), "DATETIME_FORMAT"
        )
    conflict = Conflict(who, when, stored.lock_version)
    opened_version = revisions.version_with_lock(stored, opened)
    if opened_version is not None:
        rows = revision_diffs.stored_rows(opened_version.revision)
        before = revision_diffs.from_rows(rows, stored.pk)
        now = revision_diffs.from_database(stored)
        conflict.changes = revision_diffs.differences(before, now)
    return conflict


class ScheduleForm(forms.Form):
    """The publish time asked for by the changelist's "schedule" action."""

    # The change form's own inputs: the same format, the same calendar, the zone beside them.
    publish_at = forms.SplitDateTimeField(
        label=_("Publish at"),
        widget=ZonedSplitDateTime,
        help_text=_("The events become public at this time, with no further step."),
    )


class TopicMergeForm(forms.Form):
    """Which of the selected topics survives a merge; the others' events move into it."""

    keep = forms.ModelChoiceField(
        queryset=Topic.objects.none(),
        label=_("Keep this topic"),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = topics
