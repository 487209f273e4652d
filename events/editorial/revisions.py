"""Revisions of events, kept with django-reversion: recorded on every CMS change, restorable.

One revision holds the event, its sources, its related links, its topic rows and the topics
they name, as they were after one change, with who made it and when. It is written in the
same transaction as the change, after the inlines and topics are saved, so it never holds half
a save. The archive importer writes in bulk and records no revisions; the state an event had
before its first CMS change is kept as a baseline revision just before that change.
"""

import reversion
from django.core.exceptions import ValidationError
from django.utils import timezone
from reversion.models import Version

from sources.models import Source

from ..changes import writing
from ..models import Event, Related, TaggedEvent, Topic
from . import redirects, revision_diffs

BASELINE_COMMENT = "As it was before its first change in the CMS."
# What a restore puts back. Import bookkeeping (archive path and digest) stays as it is.
RESTORED_FIELDS = (
    "date",
    "position",
    "headline",
    "summary",
    "slug",
    "cover_image_url",
    "cover_position",
    "status",
    "publish_at",
)
PUBLISHING_FIELDS = ("status", "publish_at")
# An event's rows in other tables, each with the column that points at the event.
CHILD_TABLES = ((Source, "event_id"), (Related, "event_id"), (TaggedEvent, "content_object_id"))
CONFLICT_SEARCH_DEPTH = 50


class RestoreRefused(Exception):
    """A restore that would break a rule; its message says which, for the editor."""


def register_models() -> None:
    """Called once from EventsConfig.ready()."""
    # The number of sources is counted from the sources a revision holds: not kept twice.
    reversion.register(
        Event,
        exclude=["topics", "sources_count"],
        follow=["sources", "related_links", "topic_links"],
    )
    reversion.register(Source)
    reversion.register(Related)
    # Each topic row brings its topic, so a revision still names topics merged away since.
    reversion.register(TaggedEvent, follow=["tag"])
    reversion.register(Topic)


def record(event: Event, *, user=None, comment: str = "") -> None:
    """Keep `event` and everything it follows, as the database holds them now."""
    with reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
        reversion.add_to_revision(event)


def record_together(events: list[Event], *, user=None, comment: str = "") -> None:
    """Keep several events in one revision: one change that touched them all (a reorder)."""
    with reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
        for event in events:
            reversion.add_to_revision(event)


def keep_baselines(events: list[Event]) -> None:
    """`keep_baseline` for several events at once: those with no revision yet are kept
    together, in one revision, found in one query."""
    ids = [str(event.pk) for event in events]
    versioned = set(
        Version.objects.get_for_model(Event)
        .filter(object_id__in=ids)
        .values_list("object_id", flat=True)
    )
    first_changes = [event for event in events if str(event.pk) not in versioned]
    if first_changes:
        record_together(first_changes, comment=BASELINE_COMMENT)


def keep_baseline(stored: Event) -> None:
    """Before the first CMS change of an event with no revision yet, keep how it was."""
    if not Version.objects.get_for_object(stored).exists():
        record(stored, comment=BASELINE_COMMENT)


def versions_of(event: Event):
    """The event's versions, newest first, each with its revision and author."""
    return (
        Version.objects.get_for_object(event)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def version_with_lock(event: Event, lock_version: int) -> Version | None:
    """The version recorded when the event had `lock_version`: what an editor opened."""
    for version in versions_of(event)[:CONFLICT_SEARCH_DEPTH]:
        if version.field_dict.get("lock_version") == lock_version:
            return version
    return None


def restore(event_id: int, revision, *, user, may_publish: bool) -> list[str]:
    """Make the event, its sources, related links and topics what they were in `revision`.

    Restoring is a change like any other: it gets a new lock version and its own revision, so
    it can be undone. Returns the names of topics that no longer exist (merged away or
    deleted) and so could not be given back.
    """
    rows = revision_diffs.stored_rows(revision)
    stored = revision_diffs.event_row(rows, event_id)
    if stored is None:
        raise RestoreRefused("That revision does not hold this event.")
    with writing() as change:
        event = Event.objects.select_for_update().get(pk=event_id)
        # Its row, sources, links and own topics are all put back.
        change.sources_of([event_id])  # a version restores its sources too
        change.links_of([event_id])
        old_paths = redirects.old_event_paths(event)
        publishing_before = [getattr(event, name) for name in PUBLISHING_FIELDS]
        for name in RESTORED_FIELDS:
            setattr(event, name, stored[name])
        publishing_after = [getattr(event, name) for name in PUBLISHING_FIELDS]
        if not may_publish and publishing_before != publishing_after:
            raise RestoreRefused(
                "Restoring this version would change whether the event is public, "
                "which needs the permission to publish."
            )
        try:
            event.validate_constraints()
        except ValidationError as error:
            raise RestoreRefused(" ".join(error.messages)) from error
        event.lock_version += 1
        event.save()
        missing_topics = _restore_children(event, rows)
        redirects.claim_event_paths(event, old_paths)
        when = timezone.localtime(revision.date_created).strftime("%Y-%m-%d %H:%M")
        record(event, user=user, comment=f"Restored the version of {when}.")
    return missing_topics


def _restore_children(event: Event, rows: dict[type, list[dict]]) -> list[str]:
    """Sources, related links and topic rows exactly as stored: extra rows go, others return."""
    missing_topics = []
    for model, column in CHILD_TABLES:
        wanted = [dict(row) for row in rows.get(model, []) if row[column] == event.pk]
        current = model.objects.filter(**{column: event.pk})
        if model is TaggedEvent:
            # Its own topics only (what revisions hold): those other events' links give it
            # follow those links.
            current = current.filter(own=True)
            wanted = [{**row, "own": True} for row in wanted]
        ids = [row["id"] for row in wanted]
        current.exclude(pk__in=ids).delete()
        # A row moved to another event since (a source re-assigned) is copied, not taken back.
        moved = model.objects.filter(pk__in=ids).exclude(**{column: event.pk})
        elsewhere = set(moved.values_list("pk", flat=True))
        for row in wanted:
            if row["id"] in elsewhere:
                row["id"] = None
        if model is Related:
            _unlink_missing_targets(wanted)
        if model is TaggedEvent:
            wanted, missing_topics = _drop_missing_topics(wanted, rows.get(Topic, []))
        for row in wanted:
            model(**row).save()
    return missing_topics


def _unlink_missing_targets(links: list[dict]) -> None:
    """A link whose target was deleted since keeps its text, as on deletion itself."""
    target_ids = {row["target_id"] for row in links if row["target_id"]}
    existing = set(Event.objects.filter(pk__in=target_ids).values_list("pk", flat=True))
    for row in links:
        if row["target_id"] not in existing:
            row["target_id"] = None


def _drop_missing_topics(topic_rows: list[dict], stored_topics: list[dict]):
    tag_ids = {row["tag_id"] for row in topic_rows}
    existing = set(Topic.objects.filter(pk__in=tag_ids).values_list("pk", flat=True))
    names = {row["id"]: row["name"] for row in stored_topics}
    kept = [row for row in topic_rows if row["tag_id"] in existing]
    missing = sorted(
        names.get(row["tag_id"], f"#{row['tag_id']}")
        for row in topic_rows
        if row["tag_id"] not in existing
    )
    return kept, missing
