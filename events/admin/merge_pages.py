"""Merging a possible duplicate pair from the report: a page showing both events and what
would move, the editor choosing the event to keep; the merge itself is events.editorial.merges.

Editors who may change events may merge: nothing of the merged-away event is lost (its
sources, topics and links move; its last state is kept as a revision; its addresses redirect).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from newsroom.parameters import whole_number_or_none

from ..editorial import merges
from ..models import Event
from .pages import page


class MergePagesMixin:
    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "duplicates/merge/<int:first>/<int:second>/",
                wrap(self.merge_pair_view),
                name="events_event_duplicates_merge",
            ),
            *super().get_urls(),
        ]

    def merge_pair_view(self, request, first, second):
        if not self.has_change_permission(request):
            raise PermissionDenied
        events = {event.pk: event for event in Event.objects.filter(pk__in=[first, second])}
        if first == second or len(events) != 2:
            self.message_user(
                request,
                _("That pair is gone: one of its events was merged or deleted."),
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse("admin:events_event_duplicates"))
        here = reverse("admin:events_event_duplicates_merge", args=[first, second])
        error = None
        if request.method == "POST":
            kept = whole_number_or_none(request.POST.get("kept"), lowest=0)
            if kept in events:
                return self._merge(request, events, kept, here)
            error = _("Choose the event to keep.")
        pair = sorted(events.values(), key=lambda event: (event.date, event.pk))
        return page(
            self,
            request,
            "admin/events/event/merge_pair.html",
            _("Merge two events"),
            pair=[
                (event, merges.what_moves(pair[1 - index], event), merges.seen_token(event))
                for index, event in enumerate(pair)
            ],
            error=error,
            report_url=reverse("admin:events_event_duplicates"),
        )

    def _merge(self, request, events: dict, kept: int, here: str):
        (other,) = set(events) - {kept}
        seen = {pk: request.POST.get(f"seen-{pk}", "") for pk in events}
        try:
            moved = merges.merge_pair(kept, other, seen, user=request.user)
        except merges.MergeRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(here)
        self.message_user(
            request,
            _(
                "Merged “%(other)s” into “%(kept)s”: %(sources)d sources, %(topics)d topics and "
                "%(links)d related links moved; its addresses redirect to the kept event."
            )
            % {
                "other": events[other].headline[:80],
                "kept": events[kept].headline[:80],
                "sources": len(moved.sources),
                "topics": len(moved.topics),
                "links": len(moved.links),
            },
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:events_event_duplicates"))
