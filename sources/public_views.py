"""Public outlet pages: every outlet with its counts, and one outlet's timeline.

Readers know an outlet by its name, as events show it ("BBC News"), not by its domain: an
outlet is named as editors named it, or else by the name its public sources are most often
written with, and listed with its domains, the ones editors merged into it too ("bbc.co.uk,
bbc.com": one outlet, one count).

Only published events count and show (`Event.objects.published()`); an outlet whose sources
all belong to drafts does not exist for readers. A merged outlet's page redirects to the
outlet it joined.
"""

from collections import defaultdict

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


def named(outlets: list[Outlet]) -> list[Outlet]:
    """Give each outlet its `reader_name` (its editors' name, else the name its public
    sources are most often written with, else its domain) and its `domains` (its own, then
    those merged into it, A-Z). Two statements for a page of outlets."""
    ids = [outlet.pk for outlet in outlets]
    written = (
        Source.objects.filter(outlet_id__in=ids, event__in=published_event_ids())
        .values("outlet_id", "name")
        .annotate(uses=Count("pk"))
        .order_by("outlet_id", "-uses", "name")
    )
    usual: dict[int, str] = {}
    for row in written:
        if row["name"].strip():
            usual.setdefault(row["outlet_id"], row["name"])
    merged = defaultdict(list)
    for kept, domain in Outlet.objects.filter(merged_into__in=ids).values_list(
        "merged_into", "domain"
    ):
        merged[kept].append(domain)
    for outlet in outlets:
        outlet.reader_name = outlet.name or usual.get(outlet.pk) or outlet.domain
        outlet.domains = [outlet.domain, *sorted(merged[outlet.pk])]
    return outlets


class OutletIndexView(PaginationMixin, VisibleEventsMixin, ListView):
    """Every outlet cited by published events, by how many events cite it, by name."""

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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["outlets"] = named(list(context["object_list"]))
        return context


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
        named([self.outlet])
        context = super().get_context_data(outlet=self.outlet, **kwargs)
        if context["paginator"].count == 0:
            raise Http404("No published event cites this outlet.")
        events = listing.with_outlets_and_topics(context["object_list"])
        context.update(object_list=events, events=events)
        return context
