"""Related-event suggestions on the event change page, each added as Related in one click;
and who else has the page open (soft locks, events.editorial.presence)."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from newsroom.parameters import whole_number_or_none

from ..editorial import presence, suggestions, workflow
from ..models import Event, Related
from .pages import event_for


class RelatedSuggestionsMixin:
    def get_urls(self):
        return [
            path(
                "<path:object_id>/left/",
                self.admin_site.admin_view(require_POST(self.left_view)),
                name="events_event_left",
            ),
            path(
                "<path:object_id>/related/add/",
                self.admin_site.admin_view(require_POST(self.add_related_view)),
                name="events_event_add_related",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        event = self.get_object(request, unquote(object_id))
        if event is not None and self.has_view_or_change_permission(request, event):
            extra_context["related_suggestions"] = suggestions.related_suggestions(event)
            extra_context["common_topic_events"] = suggestions.COMMON_TOPIC_EVENTS
            extra_context["near_days"] = suggestions.NEAR_FOR_COMMON_TOPICS.days
            extra_context["can_add_related"] = self.has_change_permission(request, event)
        if (
            event is not None
            and request.method == "GET"
            and self.has_change_permission(request, event)
        ):
            extra_context["others_editing"] = presence.others_editing(event.pk, request.user)
            presence.opened(event.pk, request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def left_view(self, request, object_id):
        """Sent by the change page as the editor leaves it (static/js/admin-presence.js)."""
        event = event_for(self, request, object_id)
        presence.left(event.pk, request.user)
        return HttpResponse(status=204)

    def add_related_view(self, request, object_id):
        """POST `target=<event id>`: link it from this event, naming their shared topics."""
        event = event_for(self, request, object_id, change=True)
        change_url = reverse("admin:events_event_change", args=[event.pk])
        target = Event.objects.filter(pk=_int_or_none(request.POST.get("target"))).first()
        if target is None or target.pk == event.pk:
            self.message_user(request, _("Choose another existing event."), messages.ERROR)
            return HttpResponseRedirect(change_url)
        if Related.objects.filter(event=event, target=target).exists():
            self.message_user(request, _("That event is already related."), messages.WARNING)
            return HttpResponseRedirect(change_url)
        shared = suggestions.shared_topic_names(event, target)
        workflow.add_related(event, target, shared, user=request.user)
        self.message_user(request, _("Added “%s” as related.") % target.headline)
        return HttpResponseRedirect(change_url)


def _int_or_none(value):
    return whole_number_or_none(value)
