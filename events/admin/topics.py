"""Topics in the admin: renaming (with a new slug and redirects) and merging."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.editorial.topic_edits import merge_topics, rename_topic

from ..models import Topic
from .forms import TopicMergeForm
from .pages import action_page
from .stale_saves import RefusesStaleSaves


@admin.register(Topic)
class TopicAdmin(RefusesStaleSaves, admin.ModelAdmin):
    list_display = ["name", "slug", "event_count"]
    search_fields = ["name"]
    readonly_fields = ["slug"]
    actions = ["merge"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("tagged_events"))

    @admin.display(description=_("events"), ordering="event_count")
    def event_count(self, topic):
        return topic.event_count

    def save_model(self, request, obj, form, change):
        """A new name is a rename: the slug follows it and the old pages redirect."""
        if change and "name" in form.changed_data:
            rename_topic(obj, form.cleaned_data["name"])
            return
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Merge the selected topics…"), permissions=["change"])
    def merge(self, request, queryset):
        """Asks which topic to keep on a page of its own, then moves the others' events."""
        topics = Topic.objects.filter(pk__in=queryset.values("pk")).order_by("name")
        if len(topics) < 2:
            self.message_user(request, _("Select two or more topics to merge."), messages.ERROR)
            return None
        form = TopicMergeForm(request.POST if "keep" in request.POST else None, topics=topics)
        if form.is_valid():
            kept = form.cleaned_data["keep"]
            others = [topic for topic in topics if topic.pk != kept.pk]
            moved = merge_topics(kept, others)
            message = ngettext(
                "Merged %(count)d topic into “%(kept)s”; %(moved)d events moved.",
                "Merged %(count)d topics into “%(kept)s”; %(moved)d events moved.",
                len(others),
            )
            self.message_user(
                request,
                message % {"count": len(others), "kept": kept.name, "moved": moved},
                messages.SUCCESS,
            )
            return None
        return action_page(
            self,
            request,
            "admin/events/topic/merge.html",
            title=_("Merge"),
            action="merge",
            selected=topics,
            form=form,
            topics=topics.annotate(event_count=Count("tagged_events")),
        )
