"""Topics in the admin: renaming (with a new slug and redirects), merging, and the search
behind the event form's topic autocomplete."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.editorial.topic_edits import merge_topics, rename_topic
from newsroom.parameters import BadNumber, page_number

from ..models import TaggedEvent, Topic
from .forms import TopicMergeForm
from .pages import action_page
from .stale_saves import RefusesStaleSaves
from .writes import WritesAsOneChange

AUTOCOMPLETE_PAGE = 20


PREVIEWED_EVENTS = 5


def merge_preview(topics) -> list:
    """Each topic of a merge with what would move if it were not the one kept: its number of
    events, its latest few, and its addresses (which would redirect to the kept topic)."""
    counted = list(topics)
    for topic in counted:
        rows = topic.tagged_events.select_related("content_object").order_by(
            "-content_object__date", "content_object__position"
        )
        topic.latest_events = [row.content_object for row in rows[:PREVIEWED_EVENTS]]
        topic.addresses = list(topic.public_paths().values())
    return counted


def events_with_several(topics) -> int:
    """Events carrying more than one of `topics`: after the merge they carry the kept one once."""
    return (
        TaggedEvent.objects.filter(tag__in=topics)
        .values("content_object")
        .annotate(topics=Count("tag"))
        .filter(topics__gt=1)
        .count()
    )


def closeness_to(term: str):
    """0 for the name `term` itself (any case), 1 for a name starting with it, else 2."""
    return Case(
        When(name__iexact=term, then=Value(0)),
        When(name__istartswith=term, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


@admin.register(Topic)
class TopicAdmin(WritesAsOneChange, RefusesStaleSaves, admin.ModelAdmin):
    list_display = ["name", "slug", "event_count"]
    search_fields = ["name"]
    readonly_fields = ["slug"]
    actions = ["merge"]

    # How many events carry the topic, drafts too: the topic's own count, kept as its rows
    # change (events.models.topic_counts), so the list counts no rows.
    @admin.display(description=_("events"), ordering="events_count")
    def event_count(self, topic):
        return topic.events_count

    def get_urls(self):
        search = path(
            "autocomplete/",
            self.admin_site.admin_view(self.autocomplete),
            name="events_topic_autocomplete",
        )
        return [search, *super().get_urls()]

    def autocomplete(self, request):
        """Topics whose name contains `term`, with how many events use them, as select2 reads
        them (`results`, `pagination.more`; `page` counts from 1): the topic named exactly
        `term` first (any case), then names starting with it, then the rest, each most used
        first, with its stored count of distinct events."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        term = request.GET.get("term", "").strip()
        try:
            page = page_number(request.GET.get("page"))
        except BadNumber as error:
            return JsonResponse({"error": error.message, "field": "page"}, status=400)
        start = (page - 1) * AUTOCOMPLETE_PAGE
        topics = (
            Topic.objects.filter(name__icontains=term)
            .annotate(closeness=closeness_to(term))
            .order_by("closeness", "-events_count", "name")
            .values_list("name", "events_count")[start : start + AUTOCOMPLETE_PAGE + 1]
        )
        found = list(topics)
        results = [
            {"id": name, "text": name, "count": uses} for name, uses in found[:AUTOCOMPLETE_PAGE]
        ]
        return JsonResponse(
            {"results": results, "pagination": {"more": len(found) > AUTOCOMPLETE_PAGE}}
        )

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
        # The choice page sends `confirm` with its answer: a missing choice is then an error,
        # not the page shown again as if for the first time.
        answered = "keep" in request.POST or "confirm" in request.POST
        form = TopicMergeForm(request.POST if answered else None, topics=topics)
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
            topics=merge_preview(topics),
            shared=events_with_several(topics),
        )
