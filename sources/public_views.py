"""Public outlet pages: every outlet with its counts, and one outlet's timeline.

Only published events count and show (`Event.objects.published()`); an outlet whose sources
all belong to drafts does not exist for readers. A merged outlet's page redirects to the
outlet it joined.
"""

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import ListView

from events.http_cache import keys
from events.models import Event
from events.public.mixins import PaginationMixin, VisibleEventsMixin
from events.public.queries import listing

from .models import Outlet, Source

OUTLETS_PER_PAGE = 100
EVENTS_PER_PAGE = 20


def published_event_ids():
    return Event.objects.published().values("pk")


class OutletIndexView(PaginationMixin, VisibleEventsMixin, ListView):
    """Every outlet cited by published events, by how many events cite it."""

    template_name = "sources/outlet_list.html"
    context_object_name = "outlets"
    paginate_by = OUTLETS_PER_PAGE

    def page_keys(self, context):
        return [keys.OUTLETS]

    def get_queryset(self):
        public = Q(sources__event__in=published_event_ids())
        return (
            Outlet.objects.current()
            .annotate(
                event_count=Count("sources__event", filter=public, distinct=True),
                dead_count=Count(
                    "sources", filter=public & Q(sources__link_state="dead"), distinct=True
                ),
            )
            .filter(event_count__gt=0)
            .order_by("-event_count", "domain")
        )


class OutletView(PaginationMixin, VisibleEventsMixin, ListView):
    """An outlet's timeline: the published events citing it, newest first."""

    template_name = "sources/outlet_detail.html"
    context_object_name = "events"
    paginate_by = EVENTS_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.outlet = get_object_or_404(Outlet, domain=kwargs["domain"].lower())
        if self.outlet.merged_into_id:
            return redirect("sources:outlet", self.outlet.merged_into.domain, permanent=True)
        return super().get(request, *args, **kwargs)

    def page_keys(self, context):
        return keys.shown(keys.OUTLETS, events=context["events"])

    def get_queryset(self):
        cites = Source.objects.filter(event=OuterRef("pk"), outlet=self.outlet)
        return Event.objects.published().filter(Exists(cites)).order_by("-date", "-position")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(outlet=self.outlet, **kwargs)
        if context["paginator"].count == 0:
            raise Http404("No published event cites this outlet.")
        events = listing.with_outlets_and_topics(context["object_list"])
        context.update(object_list=events, events=events)
        return context
