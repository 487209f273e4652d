"""Sources on their own: find every citation of an outlet or a URL.

A source edited or deleted here changes its event: the event gets a revision and a new lock
version, as if the change had been made in the event's own form.
"""

from contextlib import ExitStack, contextmanager

from django.contrib import admin, messages
from django.db import models

from events.admin.date_widgets import ZonedSplitDateTime
from events.admin.stale_saves import RefusesStaleSaves
from events.editorial.workflow import changing_parts_of
from newsroom.admin_counts import EstimatedCounts
from sources.captures import CapturesUnavailable, capturable, capture_sources
from sources.forms import SourceForm
from sources.link_checks import check_sources
from sources.models import LinkCheck, Source

# "Check now" and "capture now" fetch while the editor waits: a handful of links, not a run.
MOST_FETCHED_FROM_ADMIN = 50


class LinkCheckInline(admin.TabularInline):
    """The ledger of a source's checks, newest first: read only."""

    model = LinkCheck
    fields = ["checked_at", "outcome", "status_code", "final_url", "error"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["-checked_at"]
    # Django's tabular template leaves two headings empty, which axe-core counts as headings
    # read as nothing; the events' one names them.
    template = "admin/events/event/related_tabular.html"

    def has_add_permission(self, request, obj=None):
        return False  # the ledger is written by the checks alone


@admin.register(Source)
class SourceAdmin(EstimatedCounts, RefusesStaleSaves, admin.ModelAdmin):
    form = SourceForm
    list_display = [
        "name",
        "url",
        "outlet",
        "event",
        "link_state",
        "last_checked_at",
        "has_snapshot",
    ]
    list_select_related = ["event", "outlet"]
    list_filter = ["link_state", ("last_checked_at", admin.DateFieldListFilter)]
    search_fields = ["name", "url", "outlet__domain"]
    autocomplete_fields = ["event"]
    readonly_fields = [
        "outlet",
        "link_state",
        "last_checked_at",
        "failing_since",
        "snapshot_final_url",
        "snapshot_digest",
    ]
    inlines = [LinkCheckInline]
    # The snapshot's time as the event's form shows it: labelled date and time, with the zone.
    formfield_overrides = {models.DateTimeField: {"widget": ZonedSplitDateTime}}
    actions = ["check_now", "capture_now"]
    fields = [
        "event",
        "position",
        "name",
        "url",
        "snapshot_title",
        "snapshot_text",
        "snapshot_archived_at",
        "snapshot_final_url",
        "snapshot_digest",
        "outlet",
        "link_state",
        "last_checked_at",
        "failing_since",
    ]

    @admin.display(boolean=True, description="snapshot")
    def has_snapshot(self, source):
        return source.has_snapshot

    @admin.action(description="Check the selected links now", permissions=["change"])
    def check_now(self, request, queryset):
        if self._too_many(request, queryset):
            return
        report = check_sources(queryset)
        for level, message in check_messages(report):
            self.message_user(request, message, level)

    @admin.action(description="Capture the selected articles now", permissions=["change"])
    def capture_now(self, request, queryset):
        if self._too_many(request, queryset):
            return
        # The archive's snapshots are never replaced (sources.captures).
        try:
            report = capture_sources(capturable(queryset, refresh=True))
        except CapturesUnavailable as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, f"Captured {report.captured} sources from {report.links} pages.")

    def _too_many(self, request, queryset) -> bool:
        if queryset.count() <= MOST_FETCHED_FROM_ADMIN:
            return False
        message = f"Select at most {MOST_FETCHED_FROM_ADMIN}; check_sources does the rest."
        self.message_user(request, message, messages.WARNING)
        return True

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


def check_messages(report) -> list[tuple[int, str]]:
    """A check's result in the matching styles: what was checked and answered (success), what
    could not be reached (a warning: it says nothing of the article), what failed or is now
    dead (an error: the article may be gone)."""
    outcomes = report.outcomes
    said = [
        (
            messages.SUCCESS,
            f"Checked {report.links} links: {outcomes[LinkCheck.Outcome.OK]} answered.",
        )
    ]
    if unreachable := outcomes[LinkCheck.Outcome.UNREACHABLE]:
        said.append(
            (
                messages.WARNING,
                f"{unreachable} unreachable (refused, timed out or a server error: checked "
                "again later, never dead by that alone).",
            )
        )
    if failed := outcomes[LinkCheck.Outcome.FAILED]:
        said.append(
            (
                messages.ERROR,
                f"{failed} failed (gone, or no such site); now dead: {report.now_dead} "
                "(a link is dead after two failures a day apart).",
            )
        )
    return said


@contextmanager
def versioning(event_ids, user, comment):
    """Lock, then version, every event a change touches (in id order, so saves never deadlock)."""
    with ExitStack() as stack:
        for event_id in sorted(event_ids):
            stack.enter_context(changing_parts_of(event_id, user=user, comment=comment))
        yield
