"""An event's revisions in the admin: the list, a diff between any two, and one-step restore."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from reversion.models import Revision

from newsroom.parameters import whole_number_or_none

from ..editorial import revision_diffs, revisions
from .pages import event_for, page

CURRENT = "current"


class EventHistoryMixin:
    """Replaces the admin's "History" page with the event's revisions."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                wrap(self.compare_view),
                name="events_event_compare",
            ),
            path(
                "<path:object_id>/history/<int:revision_id>/restore/",
                wrap(require_http_methods(["GET", "POST"])(self.restore_view)),
                name="events_event_restore",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        event = event_for(self, request, object_id)
        rows = []
        for version in revisions.versions_of(event):
            fields = version.field_dict
            rows.append(
                {
                    "revision": version.revision,
                    "headline": fields["headline"],
                    "status": event.Status(fields["status"]).label,
                }
            )
        return page(
            self,
            request,
            "admin/events/event/object_history.html",
            _("Revisions: %s") % event,
            object=event,
            rows=rows,
            can_restore=self.has_change_permission(request, event),
            **(extra_context or {}),
        )

    def compare_view(self, request, object_id):
        """`?old=<revision>&new=<revision or "current">`: what changed between the two."""
        event = event_for(self, request, object_id)
        old_id, new_id = request.GET.get("old", ""), request.GET.get("new", CURRENT)
        old_revision = self._revision_of(event, old_id)
        new_revision = None if new_id == CURRENT else self._revision_of(event, new_id)
        old = revision_diffs.from_rows(revision_diffs.stored_rows(old_revision), event.pk)
        if new_revision is None:
            new = revision_diffs.from_database(event)
        else:
            new = revision_diffs.from_rows(revision_diffs.stored_rows(new_revision), event.pk)
        return page(
            self,
            request,
            "admin/events/event/compare.html",
            _("Changes to %s") % event,
            object=event,
            old_revision=old_revision,
            new_revision=new_revision,
            changes=revision_diffs.differences(old, new),
            can_restore=self.has_change_permission(request, event),
        )

    def restore_view(self, request, object_id, revision_id):
        """GET: what restoring would change, and a button to confirm. POST: restore."""
        event = event_for(self, request, object_id, change=True)
        revision = self._revision_of(event, revision_id)
        if request.method == "GET":
            return self._confirm_restore(request, event, revision)
        try:
            missing = revisions.restore(
                event.pk,
                revision,
                user=request.user,
                may_publish=self.has_publish_permission(request),
            )
        except revisions.RestoreRefused as refusal:
            self.message_user(request, _("Not restored: %s") % refusal, messages.ERROR)
            return HttpResponseRedirect(self._history_url(event))
        self.message_user(request, _("The earlier version is back; restoring it made a new one."))
        if missing:
            self.message_user(
                request,
                _("These topics no longer exist and were left out: %s") % ", ".join(missing),
                messages.WARNING,
            )
        return HttpResponseRedirect(reverse("admin:events_event_change", args=[event.pk]))

    def _confirm_restore(self, request, event, revision):
        now = revision_diffs.from_database(event)
        then = revision_diffs.from_rows(revision_diffs.stored_rows(revision), event.pk)
        return page(
            self,
            request,
            "admin/events/event/restore_confirm.html",
            _("Restore a version of %s") % event,
            object=event,
            revision=revision,
            changes=revision_diffs.differences(now, then),
        )

    def _revision_of(self, event, revision_id):
        """A revision holding a version of `event`; anything else is a 404."""
        number = whole_number_or_none(revision_id)
        if number is None:
            raise Http404(_("Choose a revision to compare."))
        held = revisions.versions_of(event).values("revision_id")
        return get_object_or_404(Revision.objects.filter(pk__in=held), pk=number)

    def _history_url(self, event):
        return reverse("admin:events_event_history", args=[event.pk])
