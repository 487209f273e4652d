"""The editors' workspace: events with their sources, related links and topics."""

from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom.admin_counts import EstimatedCounts

from ..editorial import presence, redirects, revisions, workflow
from ..editorial.topic_order import put_topics_in_order
from ..models import Event, TaggedEvent
from . import duplicate_warnings
from .date_widgets import ZonedSplitDateTime
from .desk_pages import DeskPagesMixin
from .event_search import SearchesWithoutDuplicates
from .filters import EditedByFilter, LinksFilter, SourcesFilter, TopicListFilter
from .forms import OVERWRITE_FIELD, EventAdminForm, ScheduleForm
from .history import EventHistoryMixin
from .inlines import RelatedInline, SourceInline
from .merge_pages import MergePagesMixin
from .pages import action_page
from .stale_saves import RefusesStaleSaves
from .suggestions import RelatedSuggestionsMixin
from .writes import WritesAsOneChange

LISTED_TOPICS = 3
PUBLISH_PERMISSION = "events.publish_event"


@admin.register(Event)
class EventAdmin(
    EstimatedCounts,
    SearchesWithoutDuplicates,
    WritesAsOneChange,
    RefusesStaleSaves,
    DeskPagesMixin,
    MergePagesMixin,
    EventHistoryMixin,
    RelatedSuggestionsMixin,
    admin.ModelAdmin,
):
    form = EventAdminForm
    change_form_template = "admin/events/event/change_form.html"
    list_display = [
        "headline",
        "date",
        "place_in_day",
        "is_published",
        "publication",
        "topic_names",
        "updated_at",
    ]
    list_display_links = ["headline"]
    list_filter = ["status", TopicListFilter, SourcesFilter, LinksFilter, EditedByFilter]
    date_hierarchy = "date"
    readonly_fields = ["archive_path", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {"fields": ["headline", "summary", "date", "position", "topics", "opened_version"]},
        ),
        (
            _("Publication"),
            {
                "fields": ["status", "publish_at"],
                "description": _(
                    "Draft: only editors see it. Published: public now. Scheduled: public "
                    "from the publish time on, with no further step."
                ),
            },
        ),
        (_("Address and image"), {"fields": ["slug", "cover_image_url"]}),
        (_("Record"), {"fields": ["archive_path", "created_at", "updated_at"]}),
    ]
    inlines = [SourceInline, RelatedInline]
    actions = ["publish", "schedule", "unpublish"]
    list_per_page = 50
    formfield_overrides = {models.DateTimeField: {"widget": ZonedSplitDateTime}}

    def get_queryset(self, request):
        # The changelist shows topics in the editor's order: one prefetch, not a query a row.
        rows = TaggedEvent.objects.select_related("tag").order_by("-own", "position", "tag__name")
        return super().get_queryset(request).prefetch_related(Prefetch("topic_rows", rows))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.may_publish = self.has_publish_permission(request)
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # A read-only page saves nothing, so it carries no version to check.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "opened_version"]})
            for name, options in fieldsets
        ]

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def view_on_site(self, event):
        # Straight to the public address; staff see drafts there as a preview.
        return event.get_absolute_url()

    @admin.display(description=_("position"), ordering="position")
    def place_in_day(self, event):
        """The event's place, linked to its day's ordering page: each day is a click away."""
        return render_to_string("admin/events/event/place_in_day.html", {"event": event})

    @admin.display(boolean=True, description=_("public"), ordering="status")
    def is_published(self, event):
        return event.is_published

    @admin.display(description=_("publication"), ordering="publish_at")
    def publication(self, event):
        if event.status != Event.Status.SCHEDULED:
            return event.get_status_display()
        when = formats.date_format(timezone.localtime(event.publish_at), "DATETIME_FORMAT")
        if event.is_published:
            return _("Scheduled, public since %s") % when
        return _("Scheduled for %s") % when

    @admin.display(description=_("topics"))
    def topic_names(self, event):
        # The first few, so a row stays one or two lines high; the change page has them all.
        names = [row.tag.name for row in event.topic_rows.all()]
        shown = ", ".join(names[:LISTED_TOPICS])
        more = len(names) - LISTED_TOPICS
        return _("%(shown)s +%(more)d more") % {"shown": shown, "more": more} if more > 0 else shown

    def save_model(self, request, obj, form, change):
        """Save on top of exactly the version the editor opened (checked, and locked, by the
        form): keep a baseline revision first, raise the lock version, keep old addresses."""
        old_paths = []
        if change:
            stored = form.stored
            revisions.keep_baseline(stored)
            obj.lock_version = stored.lock_version + 1
            old_paths = redirects.old_event_paths(stored)
        # Carried to log_change, which writes the revision: it says whose save this overwrote.
        obj.overwrote = form.overwrites
        super().save_model(request, obj, form, change)
        redirects.claim_event_paths(obj, old_paths)
        # A warning, never a block: the editor decides whether two events are one.
        duplicate_warnings.remember(request, obj)
        request.saved_event = obj  # its success message links to its page (message_user)
        presence.left(obj.pk, request.user)  # saved: no longer holding the page open

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        """A save's success message ends with the event's public page: "View on site" (or
        "Preview" while it is not public), so publishing takes one step, not a detour."""
        saved = getattr(request, "saved_event", None)
        if saved is not None and level == messages.SUCCESS:
            message = render_to_string(
                "admin/events/event/saved_message.html", {"message": message, "event": saved}
            )
        super().message_user(request, message, level, *args, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        """A refused save shows the other editor's changes and the two ways on (see the
        change form's template), not a "Please correct the errors" banner: nothing is wrong
        with the editor's values, which stay in the form."""
        form = context["adminform"].form
        conflict = getattr(form, "conflict", None)
        if conflict is not None and form.overwrites is None:
            context["conflict"] = conflict
            context["overwrite_field"] = OVERWRITE_FIELD
            only_conflict = list(form.errors) == [NON_FIELD_ERRORS] and not any(
                formset.errors and any(formset.errors) or formset.non_form_errors()
                for formset in context["inline_admin_formsets"]
                for formset in [formset.formset]
            )
            if only_conflict:
                context["errors"] = None
        return super().render_change_form(request, context, add, change, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "topics" in form.cleaned_data:
            put_topics_in_order(form.instance, form.cleaned_data["topics"])

    def save_formset(self, request, form, formset, change):
        """Save inline rows numbered 0..n-1 in the order of their position fields."""
        formset.save(commit=False)
        for removed in formset.deleted_objects:
            removed.delete()
        deleted = set(formset.deleted_forms)
        saved_rows = any(f.instance.pk for f in formset.forms if f not in deleted)
        kept = [
            (_place(f, saved_rows), index, f.instance)
            for index, f in enumerate(formset.forms)
            if f not in deleted and (f.instance.pk or f.has_changed())
        ]
        for number, (_position, _index, row) in enumerate(sorted(kept, key=lambda k: k[:2])):
            row.position = number
            row.save()
        formset.save_m2m()

    # The revision is recorded where the admin logs the change: after the inlines and topics
    # are saved, inside the same transaction, with the admin's own description of the change.
    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        revisions.record(obj, user=request.user, comment=entry.get_change_message())
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        comment = entry.get_change_message()
        overwrote = getattr(obj, "overwrote", None)
        if overwrote is not None:
            comment = (
                f"Saved over the changes {overwrote.who} made{overwrote.when} "
                f"(chosen after an edit conflict). {comment}"
            )
        revisions.record(obj, user=request.user, comment=comment)
        return entry

    @admin.action(description=_("Publish the selected events now"), permissions=["publish"])
    def publish(self, request, queryset):
        count = workflow.set_status(queryset, Event.Status.PUBLISHED, user=request.user)
        self._report(request, count, _("published"))

    @admin.action(description=_("Move the selected events back to draft"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = workflow.set_status(queryset, Event.Status.DRAFT, user=request.user)
        self._report(request, count, _("moved back to draft"))

    @admin.action(description=_("Schedule the selected events…"), permissions=["publish"])
    def schedule(self, request, queryset):
        """Asks for the publish time on a page of its own, then schedules."""
        form = ScheduleForm(request.POST if "publish_at_0" in request.POST else None)
        if form.is_valid():
            when = form.cleaned_data["publish_at"]
            count = workflow.set_status(
                queryset, Event.Status.SCHEDULED, user=request.user, publish_at=when
            )
            self._report(request, count, _("scheduled"))
            return None
        return action_page(
            self,
            request,
            "admin/events/event/schedule.html",
            title=_("Schedule"),
            action="schedule",
            selected=queryset,
            form=form,
            events=queryset,
        )

    def _report(self, request, count, verb):
        message = ngettext("%(count)d event %(verb)s.", "%(count)d events %(verb)s.", count)
        self.message_user(request, message % {"count": count, "verb": verb}, messages.SUCCESS)


def _place(inline_form, saved_rows: bool) -> float:
    """Where a row goes: its position, or, for a row added beside saved ones with its position
    left at the default (no ordering script), after all of them."""
    new = inline_form.instance.pk is None
    if saved_rows and new and "position" not in inline_form.changed_data:
        return float("inf")
    return inline_form.instance.position
