"""The search page's filters: words, dates, topic and outlet, and the order, each a named
form field."""

import datetime
from functools import cached_property

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.forms.renderers import Jinja2

from ..models import TaggedEvent, Topic
from .queries.listing import on_many
from .queries.outlets import cites
from .search import MostOf, ParsedQuery, matching, parse

MAX_QUERY_LENGTH = 200
NARROWING = ("date", "date_from", "date_to", "topic", "outlet")
SORTS = (("relevance", "Relevance"), ("date", "Date, newest first"))


class DatePicker(forms.DateInput):
    """The browser's date picker: it sends and shows ISO dates, whatever the site's locale."""

    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def format_value(self, value):
        value = super().format_value(value)
        # A date input may only hold a real date; a wrong one is named in the error instead.
        try:
            datetime.date.fromisoformat(value or "")
        except ValueError:
            return None
        return value


def date_filter(label, lookup="exact"):
    return django_filters.DateFilter(
        field_name="date",
        lookup_expr=lookup,
        label=label,
        widget=DatePicker(),
        # The date picker shows dates in the reader's own format (8/2/2012, 02/08/2012):
        # the message names a day in words, and the form it is sent in.
        error_messages={
            "invalid": "Choose a real day with the date picker, such as 8 February 2012 "
            "(sent as 2012-02-08)."
        },
    )


class SearchForm(forms.Form):
    # The search page writes its inputs on every request: Django's Jinja2 copies of its widget
    # templates give the same markup in about two thirds of the time of the template-language
    # ones. An instance, shared: a class here would build a template engine for every form.
    default_renderer = Jinja2()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "“To” must be on or after “From”.")
        return cleaned


class TopicField(forms.CharField):
    """A topic given by its name (any case) or its address slug, e.g. from a topic page."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        # Only topics of public events: the error for an unknown one must not tell a topic
        # that only drafts carry from one that does not exist. EXISTS asks only the topics
        # the name finds: `pk__in` the topics in public use read every topic row of the
        # archive first (100,000-event bench database: 0.73-2.3 s against 2-19 ms).
        in_public_use = TaggedEvent.objects.of_public_events().filter(tag=OuterRef("pk"))
        topic = (
            Topic.objects.filter(Q(slug=value) | Q(name__iexact=value))
            .filter(Exists(in_public_use))
            .only("name", "slug", "public_count")
            .order_by("pk")
            .first()
        )
        if topic is None:
            raise ValidationError("No topic is called “%(name)s”.", params={"name": value})
        return topic


class TopicFilter(django_filters.Filter):
    field_class = TopicField

    def filter(self, qs, value):
        if value is None:
            return qs
        rows = TaggedEvent.objects.shown_publicly().filter(tag=value)
        if on_many(value.public_count):
            # Each match asked (an index probe) rather than a list of every event of the
            # topic made first: "flood" in a topic of 58,277 events, 431 -> N ms on SQLite.
            return qs.filter(Exists(rows.filter(content_object=OuterRef("pk"))))
        return qs.filter(pk__in=rows.values("content_object"))


class EventFilter(django_filters.FilterSet):
    """Filters a visible-events queryset; the search view decides what is visible."""

    q = django_filters.CharFilter(
        label="Words", method="filter_words", max_length=MAX_QUERY_LENGTH, strip=True
    )
    date = date_filter("On")
    date_from = date_filter("From", "gte")
    date_to = date_filter("To", "lte")
    topic = TopicFilter(label="Topic")
    outlet = django_filters.CharFilter(
        label="Outlet", method="filter_outlet", max_length=MAX_QUERY_LENGTH, strip=True
    )
    # The order is the view's to apply (after every filter): relevance when there are words.
    sort = django_filters.ChoiceFilter(
        label="Sort by", choices=SORTS, empty_label=None, method="keep_order"
    )

    class Meta:
        form = SearchForm
        fields = []

    def __init__(self, *args, relaxed: MostOf | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The words read more loosely (most of them, not all): when no event has every word.
        self.relaxed = relaxed

    def filter_words(self, queryset, name, value):
        return matching(queryset, self.relaxed or parse(value))

    def keep_order(self, queryset, name, value):
        return queryset

    @cached_property
    def search_query(self) -> ParsedQuery | MostOf:
        """The words' query as parsed (empty without words or when the form is invalid), or
        as relaxed."""
        if self.relaxed:
            return self.relaxed
        return parse(self.form.cleaned_data.get("q") or "") if self.is_valid() else ParsedQuery()

    @property
    def by_relevance(self) -> bool:
        return self.form.cleaned_data.get("sort") != "date" and bool(self.search_query.groups)

    @property
    def chosen_filters(self) -> dict:
        """The narrowing filters given, by name, as cleaned (a topic is its Topic)."""
        return {
            name: self.form.cleaned_data[name]
            for name in NARROWING
            if self.form.cleaned_data.get(name)
        }

    def filter_outlet(self, queryset, name, value):
        """An outlet's domain, or an older link's outlet name as written."""
        return queryset.filter(cites(value))

    @property
    def narrows(self) -> bool:
        """True when a filter other than the words was given (or is wrong)."""
        return any(self.form[name].value() for name in NARROWING)

    @property
    def has_criteria(self) -> bool:
        """True when the reader asked for something; an empty form lists nothing."""
        return self.is_bound and any(
            value not in (None, "")
            for name, value in self.form.cleaned_data.items()
            if name != "sort"
        )
