"""Changelist filters the desk links to, and the topic filter."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from newsroom.parameters import whole_number_or_none

from ..editorial import desk
from ..models import TaggedEvent, Topic
from ..public.queries.listing import along_dates, on_many

TOPIC_FILTER_SIZE = 25


class TopicListFilter(admin.SimpleListFilter):
    """The most used topics as shortcuts; any topic filters by `?topic=<slug>`."""

    title = _("topic")
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        # The stored count (drafts too) and its index: the most used read without counting
        # every topic row (100,000 events: 139 ms counted, at 10,000 already).
        topics = Topic.objects.order_by("-events_count", "name")
        choices = [(t.slug, t.name) for t in topics[:TOPIC_FILTER_SIZE]]
        chosen = self.value()
        if chosen and chosen not in {slug for slug, _ in choices}:
            topic = Topic.objects.filter(slug=chosen).first()
            if topic:
                choices.insert(0, (topic.slug, topic.name))
        return choices

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        topic = Topic.objects.filter(slug=self.value()).only("events_count").first()
        if topic is None:
            return queryset.none()
        if not on_many(topic.events_count):
            return queryset.filter(topic_rows__tag=topic)
        # Each event asked along the date index, newest first, rather than every event of
        # the topic joined and sorted: a topic of 58,277 of 100,000 events (`make
        # bench-scale`'s "admin: events by topic", SQLite), 398 -> N ms for the page.
        carried = TaggedEvent.objects.filter(tag=topic, content_object=OuterRef("pk"))
        return along_dates(queryset.filter(Exists(carried)))


class SourcesFilter(admin.SimpleListFilter):
    title = _("sources")
    parameter_name = "sources"

    def lookups(self, request, model_admin):
        return [
            ("none", _("Without sources")),
            ("lost", _("Every source dead, none archived")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(sources_count=0)
        if self.value() == "lost":
            return queryset.filter(pk__in=desk.found_first(desk.with_every_source_lost()))
        return queryset


class LinksFilter(admin.SimpleListFilter):
    title = _("related links")
    parameter_name = "links"

    def lookups(self, request, model_admin):
        return [("unresolved", _("Some not yet in the archive"))]

    def queryset(self, request, queryset):
        if self.value() == "unresolved":
            return queryset.filter(pk__in=desk.with_unresolved_links().values("pk"))
        return queryset


class EditedByFilter(admin.SimpleListFilter):
    title = _("edited by")
    parameter_name = "edited_by"

    def lookups(self, request, model_admin):
        return [(str(request.user.pk), _("Me"))]

    def queryset(self, request, queryset):
        user_id = whole_number_or_none(self.value())
        if user_id is None:
            return queryset
        return queryset.filter(pk__in=desk.edited_by(user_id).values("pk"))
