"""The desk's own pages: the possible-duplicates report and a day's events put in order."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from newsroom.parameters import LARGEST_PAGE, whole_number_or_none

from ..editorial import day_order, duplicates
from ..models import DuplicatePair, Event, PairDecision
from .pages import page

# The report's pairs per page, as the changelist's events: each row is two forms and a link
# for each event, and 500 rows on one page took 340 ms to write.
PAIRS_PER_PAGE = 100


class DeskPagesMixin:
    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("duplicates/", wrap(self.duplicates_view), name="events_event_duplicates"),
            path(
                "duplicates/decide/",
                wrap(self.decide_pair_view),
                name="events_event_duplicates_decide",
            ),
            path(
                "day/<int:year>/<int:month>/<int:day>/order/",
                wrap(self.day_order_view),
                name="events_event_day_order",
            ),
            *super().get_urls(),
        ]

    def duplicates_view(self, request):
        """The stored pairs (events.duplicate_pairs), open or decided: a few statements
        whatever the archive's size."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        showing_decided = request.GET.get("show") == "decided"
        total = DuplicatePair.objects.count()
        decided_count = duplicates.stored_pairs(decided=True).count()
        shown_count = decided_count if showing_decided else total - decided_count
        pages = max(-(-shown_count // PAIRS_PER_PAGE), 1)
        asked = whole_number_or_none(request.GET.get("page"), highest=LARGEST_PAGE)
        number = min(asked or 1, pages)
        start = (number - 1) * PAIRS_PER_PAGE
        pairs = duplicates.stored_pairs(decided=showing_decided)
        listed = list(pairs[start : start + PAIRS_PER_PAGE])
        decided = duplicates.decisions_on(listed) if showing_decided else {}
        return page(
            self,
            request,
            "admin/events/event/duplicates.html",
            _("Possible duplicates"),
            pairs=[(pair, decided.get(duplicates.pair_key(pair))) for pair in listed],
            total=total,
            open_count=total - decided_count,
            decided_count=decided_count,
            showing_decided=showing_decided,
            can_decide=self.has_change_permission(request),
            verdicts=PairDecision.Verdict,
            window=duplicates.WINDOW_DAYS,
            threshold=duplicates.SIMILAR_SCORE,
            page_number=number,
            pages=pages,
            first_shown=start + 1,
            last_shown=start + len(listed),
        )

    def decide_pair_view(self, request):
        """ "Not a duplicate" or "reviewed" on a pair: remembered, and gone from the open list."""
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:events_event_duplicates"))
        if not self.has_change_permission(request):
            raise PermissionDenied
        first, second = _int(request.POST.get("first")), _int(request.POST.get("second"))
        verdict = request.POST.get("verdict")
        if (
            first is None
            or second is None
            or first == second
            or verdict not in PairDecision.Verdict
        ):
            self.message_user(
                request, _("That pair or verdict is not one the report offers."), messages.ERROR
            )
            return HttpResponseRedirect(reverse("admin:events_event_duplicates"))
        if Event.objects.filter(pk__in=[first, second]).count() != 2:
            raise Http404(_("One of the two events is gone."))
        decision = duplicates.decide(first, second, verdict, user=request.user)
        self.message_user(
            request,
            _("Marked events %(first)d and %(second)d: %(verdict)s.")
            % {
                "first": decision.first_id,
                "second": decision.second_id,
                "verdict": decision.get_verdict_display(),
            },
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:events_event_duplicates"))

    def day_order_view(self, request, year, month, day):
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            raise Http404(_("No such day.")) from None
        can_change = self.has_change_permission(request)
        if not (can_change or self.has_view_permission(request)):
            raise PermissionDenied
        here = reverse("admin:events_event_day_order", args=[year, month, day])
        if request.method == "POST":
            if not can_change:
                raise PermissionDenied
            return self._save_day_order(request, date, here)
        return page(
            self,
            request,
            "admin/events/event/day_order.html",
            _("Order of the events of %s") % date.isoformat(),
            day=date,
            events=list(day_order.day_events(date)),
            can_change=can_change,
            changelist_url=reverse("admin:events_event_changelist")
            + f"?date__year={year}&date__month={month}&date__day={day}",
        )

    def _save_day_order(self, request, date, here):
        ordered = _ints(request.POST.getlist("order"))
        versions = {pk: _int(request.POST.get(f"version-{pk}")) for pk in ordered}
        try:
            moved = day_order.reorder_day(date, ordered, versions, user=request.user)
        except day_order.OrderRefused as refusal:
            names = ", ".join(f"“{event.headline[:80]}”" for event in refusal.changed)
            message = _("Not saved: the day changed since you opened it")
            if names:
                message += _(" (changed meanwhile: %s)") % names
            if refusal.joined_or_left:
                message += _("; events joined or left the day")
            self.message_user(
                request, message + _(". Here is the day as it is now."), messages.ERROR
            )
            return HttpResponseRedirect(here)
        self.message_user(
            request, _("New order saved; %d events changed place.") % moved, messages.SUCCESS
        )
        return HttpResponseRedirect(here)


def _int(value):
    return whole_number_or_none(value, lowest=0)


def _ints(values) -> list[int]:
    return [number for number in map(_int, values) if number is not None]
