"""Public outlet pages: every outlet with its counts, and one outlet's timeline.

Readers know an outlet by its name, as events show it ("BBC News"), not by its domain: an
outlet is named as editors named it, or else by the name its public sources are most often
written with, and listed with its domains, the ones editors merged into it too ("bbc.co.uk,
bbc.com": one outlet, one count).

Only published events count and show (`Event.objects.published()`); an outlet whose sources
all belong to drafts does not exist for readers. The counts are the outlets' own, kept by every
write (events.models.outlet_flags). A merged outlet's page redirects to the outlet it joined.
"""

from collections import defaultdict

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import ListView

from events.http_cache import keys
from events.models.outlet_flags import (
    NotYet,
    not_yet_public_outlets,
    public_outlet_counts,
    shown_outlets,
)
from events.public.mixins import PaginationMixin, VisibleEventsMixin
from events.public.queries import listing
from events.public.queries.outlets import citing_events

from .models import Outlet, WrittenName

OUTLETS_PER_PAGE = 100
EVENTS_PER_PAGE = 20


def named(outlets: list[Outlet], not_yet: dict[int, NotYet]) -> list[Outlet]:
    """Give each outlet its `reader_name` (its editors' name, else the name its public
    sources are most often written with, else its domain) and its `domains` (its own, then
    those merged into it, A-Z). Two statements for a page of outlets: their written names'
    counts are kept by the database (sources.models.WrittenName)."""
    ids = [outlet.pk for outlet in outlets]
    written = WrittenName.objects.filter(outlet_id__in=ids, uses__gt=0)
    uses = defaultdict(list)
    for outlet_id, name, count in written.values_list("outlet_id", "name", "uses"):
        held = not_yet.get(outlet_id)
        count -= held.names[name] if held else 0
        if count > 0 and name.strip():
            uses[outlet_id].append((-count, name))
    merged = defaultdict(list)
    for kept, domain in Outlet.objects.filter(merged_into__in=ids).values_list(
        "merged_into", "domain"
    ):
        merged[kept].append(domain)
    for outlet in outlets:
        usual = min(uses[outlet.pk])[1] if uses[outlet.pk] else None
        outlet.reader_name = outlet.name or usual or outlet.domain
        outlet.domains = [outlet.domain, *sorted(merged[outlet.pk])]
    return outlets


class CountedPaginator(Paginator):
    """Pages of a list whose length is known already (an outlet's stored count): no COUNT
    over the list."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @property
    def count(self) -> int:
        return self.known_count


class OutletIndexView(PaginationMixin, VisibleEventsMixin, ListView):
    """Every outlet cited by published events, by how many events cite it, by name."""

    template_name = "sources/outlet_list.html"
    context_object_name = "outlets"
    paginate_by = OUTLETS_PER_PAGE

    def page_keys(self, context):
        return [keys.OUTLETS]

    def get_queryset(self):
        # By the stored count: an outlet cited by a scheduled event not due yet may sit a
        # place early until it is (its shown count is right).
        outlets, self.not_yet = shown_outlets()
        return outlets.order_by("-public_events", "domain")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        outlets = list(context["object_list"])
        public_outlet_counts(outlets, self.not_yet)
        context["outlets"] = named(outlets, self.not_yet)
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
        self.not_yet = not_yet_public_outlets()
        public_outlet_counts([self.outlet], self.not_yet)
        if self.outlet.count <= 0:
            raise Http404("No published event cites this outlet.")
        return super().get(request, *args, **kwargs)

    def page_keys(self, context):
        return keys.shown(keys.OUTLETS, events=context["events"])

    def get_queryset(self):
        return citing_events(self.outlet).order_by("-date", "-position")

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountedPaginator(queryset, per_page, count=self.outlet.count, **kwargs)

    def get_context_data(self, **kwargs):
        named([self.outlet], self.not_yet)
        context = super().get_context_data(outlet=self.outlet, **kwargs)
        events = listing.with_outlets_and_topics(context["object_list"])
        context.update(object_list=events, events=events)
        return context
