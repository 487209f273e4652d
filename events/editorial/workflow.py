"""Editorial changes made outside an event's change form: publishing, and edits of its parts.

Each is a multi-row write kept in one transaction: the event row is locked, its state before
the first CMS change kept (see events.editorial.revisions), its lock version raised so open
change forms know it changed, and a revision recorded with who did it.
"""

from contextlib import contextmanager

from django.db.models import Max
from django.utils import timezone

from ..changes import writing
from ..models import Event, Related
from . import revisions

STATUS_COMMENTS = {
    Event.Status.PUBLISHED: "Published.",
    Event.Status.SCHEDULED: "Scheduled for %s.",
    Event.Status.DRAFT: "Moved back to draft.",
}


def set_status(events, status: str, *, user, publish_at=None) -> int:
    """Publish, schedule (with `publish_at`) or unpublish `events`. Returns how many changed."""
    if status != Event.Status.SCHEDULED:
        publish_at = None
    comment = STATUS_COMMENTS[status]
    if publish_at is not None:
        comment %= timezone.localtime(publish_at).strftime("%Y-%m-%d %H:%M %Z")
    changed = 0
    with writing():
        # Re-selected by primary key: the changelist's queryset may carry joins or DISTINCT,
        # which row locks do not allow.
        ids = list(events.values_list("pk", flat=True))
        for event in Event.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
            if event.status == status and (
                status != Event.Status.SCHEDULED or event.publish_at == publish_at
            ):
                continue  # an event already published keeps its publish time
            revisions.keep_baseline(event)
            # Publishing or unpublishing leaves the time to Event.settle_publish_time().
            event.status, event.publish_at = status, publish_at
            event.lock_version += 1
            event.save(update_fields=["status", "publish_at", "lock_version", "updated_at"])
            revisions.record(event, user=user, comment=comment)
            changed += 1
    return changed


@contextmanager
def changing_parts_of(event_id: int, *, user, comment: str):
    """Wrap a change to an event's sources or related links made away from its change form."""
    with writing():
        event = Event.objects.select_for_update().get(pk=event_id)
        revisions.keep_baseline(event)
        yield event
        event.lock_version += 1
        event.save(update_fields=["lock_version", "updated_at"])
        revisions.record(event, user=user, comment=comment)


def add_related(event: Event, target: Event, topic_names: list[str], *, user) -> Related:
    """Link `target` from `event`, after its existing links, naming the topics they share."""
    comment = f"Added related event “{target.headline}”."
    with changing_parts_of(event.pk, user=user, comment=comment) as locked:
        last = locked.related_links.aggregate(last=Max("position"))["last"]
        return Related.objects.create(
            event=locked,
            position=0 if last is None else last + 1,
            target=target,
            target_path=target.legacy_path,
            target_headline=target.headline,
            context=", ".join(topic_names),
        )
