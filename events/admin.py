"""The editors' workspace: events with their sources, related links and topics."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sources.models import Source

from .models import Event, Related, Topic

TOPIC_FILTER_SIZE = 25


class PositionedInlineMixin:
    """Inline rows keep the order the editor gave, renumbered 0..n-1 on save."""

    ordering = ["position", "id"]
    extra = 0


class SourceInline(PositionedInlineMixin, admin.TabularInline):
    model = Source
    fields = ["position", "name", "url", "snapshot_title", "snapshot_archived_at"]
    show_change_link = True


class RelatedInline(PositionedInlineMixin, admin.TabularInline):
    model = Related
    fk_name = "event"
    fields = ["position", "target", "target_headline", "target_path", "context"]
    autocomplete_fields = ["target"]


class TopicListFilter(admin.SimpleListFilter):
    """The most used topics as shortcuts; any topic filters by `?topic=<slug>`."""

    title = _("topic")
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        topics = Topic.objects.annotate(uses=Count("tagged_events")).order_by("-uses", "name")
        choices = [(t.slug, t.name) for t in topics[:TOPIC_FILTER_SIZE]]
        chosen = self.value()
        if chosen and chosen not in {slug for slug, _ in choices}:
            topic = Topic.objects.filter(slug=chosen).first()
            if topic:
                choices.insert(0, (topic.slug, topic.name))
        return choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(topics__slug=self.value())
        return queryset


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["headline", "date", "position", "is_published", "topic_names", "updated_at"]
    list_display_links = ["headline"]
    list_filter = ["status", TopicListFilter]
    date_hierarchy = "date"
    search_fields = ["headline", "summary", "sources__name"]
    readonly_fields = ["archive_path", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["headline", "summary", "date", "position", "status", "topics"]}),
        (_("Address and image"), {"fields": ["slug", "cover_image_url"]}),
        (_("Record"), {"fields": ["archive_path", "created_at", "updated_at"]}),
    ]
    inlines = [SourceInline, RelatedInline]
    actions = ["publish", "unpublish"]
    list_per_page = 50

    def get_queryset(self, request):
        # The changelist shows topics: one prefetch instead of one query per row.
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(boolean=True, description=_("published"), ordering="status")
    def is_published(self, event):
        return event.is_published

    @admin.display(description=_("topics"))
    def topic_names(self, event):
        return ", ".join(sorted(topic.name for topic in event.topics.all()))

    def save_formset(self, request, form, formset, change):
        """Save inline rows numbered 0..n-1 in the order of their position fields."""
        formset.save(commit=False)
        for removed in formset.deleted_objects:
            removed.delete()
        deleted = set(formset.deleted_forms)
        kept = [
            (f.instance.position, index, f.instance)
            for index, f in enumerate(formset.forms)
            if f not in deleted and (f.instance.pk or f.has_changed())
        ]
        for number, (_position, _index, row) in enumerate(sorted(kept, key=lambda k: k[:2])):
            row.position = number
            row.save()
        formset.save_m2m()

    @admin.action(description=_("Publish the selected events"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Event.Status.PUBLISHED, _("published"))

    @admin.action(description=_("Unpublish the selected events"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Event.Status.DRAFT, _("moved back to draft"))

    def _set_status(self, request, queryset, status, verb):
        count = queryset.exclude(status=status).update(status=status)
        message = ngettext("%(count)d event %(verb)s.", "%(count)d events %(verb)s.", count)
        self.message_user(request, message % {"count": count, "verb": verb}, messages.SUCCESS)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "event_count"]
    search_fields = ["name"]
    readonly_fields = ["slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("tagged_events"))

    @admin.display(description=_("events"), ordering="event_count")
    def event_count(self, topic):
        return topic.event_count
