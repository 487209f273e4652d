"""The search page: the words and filters, best matches first, the matches marked, facets over
every match; when no event has every word, the events with most of them, said as such."""

from functools import cached_property

from django.views.generic import ListView

from ..http_cache import keys, terms
from ..models import Event
from .dates import days_named
from .filters import EventFilter
from .mixins import CountedPaginator, PaginationMixin, VisibleEventsMixin
from .queries import listing
from .queries.named import pages_named
from .search import best_first_among, parse, relaxations
from .search.bounds import CANDIDATES, Candidates, newest_matches
from .search.facets import search_facets
from .search.suggestions import RARE, Suggestion, suggest
from .views import EVENTS_PER_LIST_PAGE, EventListMixin


class SearchView(EventListMixin, PaginationMixin, VisibleEventsMixin, ListView):
    """Search with filters, best matches first (or newest first), the matches marked, and
    facets over every match; invalid filters are a 400 showing each field's error."""

    template_name = "events/search.html"
    context_object_name = "events"
    paginate_by = EVENTS_PER_LIST_PAGE
    # Whether this answer looked for a "did you mean" (few events had every word).
    suggestion_sought = False

    def page_keys(self, context):
        """With words: an edit of an event holding one of them; when the page looked for a
        "did you mean", also one holding a word starting with the same letter as a typed one
        (the suggestion compares the index's words of that letter, whose counts the edit
        changes). A page that did not look (RARE or more events had every word) starts to
        look only when that count falls, which only an edit of an event holding every word
        does: it purges the page by those words. And `lists`: the topic or outlet the words
        name is offered with its number of events. Without words (filters only), `lists`
        alone."""
        typed = parse(self.request.GET.get("q", "")).wanted_terms
        words = terms.for_search(typed, first_letters=self.suggestion_sought)
        return keys.shown(keys.SEARCH, keys.LISTS, *words, events=context.get("events") or ())

    def get(self, request, *args, **kwargs):
        visible = self.visible_events().order_by("-date", "position", "pk")
        self.filterset = EventFilter(request.GET or None, queryset=visible, request=request)
        self.strict_total = self.facets.total if self.shows_results() else 0
        self.suggestion = self.checked_suggestion() if self.shows_results() else None
        # A misspelt word is better corrected than dropped: the suggestion, when there is
        # one, rather than the events with most of the words (whose facets cost the most).
        if self.suggestion is None:
            self.relax_when_nothing_matches(visible)
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and self.filterset.errors:
            response.status_code = 400
        return response

    def relax_when_nothing_matches(self, visible) -> None:
        """No event has every word: the events with most of them instead (all but one, but
        two, ... down to half), one existence check a step, said as such on the page."""
        if not self.shows_results() or self.facets.total:
            return
        for relaxed in relaxations(self.filterset.search_query):
            looser = EventFilter(
                self.request.GET, queryset=visible, request=self.request, relaxed=relaxed
            )
            if looser.qs.exists():
                self.filterset = looser
                del self.candidates, self.facets  # read again, over the looser matches
                return

    def checked_suggestion(self) -> Suggestion | None:
        """A better spelling of the words, when few events have them all and the better
        spelling finds public events (so it never names a word only a draft holds)."""
        text = self.filterset.form.cleaned_data.get("q") or ""
        if not text or self.strict_total >= RARE:
            return None
        self.suggestion_sought = True
        suggestion = suggest(text, parse(text), using=self.visible_events().db)
        if suggestion is None:
            return None
        data = self.request.GET.copy()
        data["q"] = suggestion.text
        corrected = EventFilter(data, queryset=self.visible_events(), request=self.request)
        return suggestion if corrected.is_valid() and corrected.qs.exists() else None

    def get_queryset(self):
        if not self.shows_results():
            return Event.objects.none()
        # The candidates only (search.bounds): ranked, or by date, never the whole archive.
        # They passed every filter already: asked again beside their ids (a phrase's few
        # matches come as ids too), PostgreSQL took two lists of ids for one row and read the
        # whole table for a page of a phrase (1,000,000 events: 550 ms).
        matches = self.visible_events().filter(pk__in=self.candidates.ids)
        if self.filterset.by_relevance:
            return listing.for_listing(best_first_among(matches, self.filterset.search_query))
        return listing.for_listing(matches.order_by("-date", "position", "pk"))

    def shows_results(self) -> bool:
        return self.filterset.is_valid() and self.filterset.has_criteria

    @cached_property
    def candidates(self) -> Candidates:
        """The newest matches the page works on: every match, up to CANDIDATES."""
        return newest_matches(self.filterset.qs)

    @cached_property
    def facets(self):
        """The facets over the candidates (every match, up to CANDIDATES), read before the
        page: their years' counts add up to the paginator's count."""
        events = self.candidates.events(self.filterset.qs.db)
        return search_facets(events, self.filterset.chosen_filters)

    def get_paginator(self, queryset, per_page, **kwargs):
        if not self.shows_results():
            return super().get_paginator(queryset, per_page, **kwargs)
        return CountedPaginator(queryset, per_page, self.facets.total, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filter=self.filterset, **kwargs)
        if self.shows_results():
            context["facets"] = self.facets
            context["capped"] = self.candidates.capped
            context["candidates_cap"] = CANDIDATES
            context["highlighted"] = self.filterset.search_query.wanted_terms
            context["suggestion"] = self.suggestion
            words = self.filterset.form.cleaned_data.get("q") or ""
            context["named_pages"] = pages_named(self.visible_events(), words)
            context["named_days"] = days_named(self.filterset.form.cleaned_data.get("q") or "")
        return context
