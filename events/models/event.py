"""The event: one sentence on a day, and the one definition of what the public may see."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from newsroom.carriable import validate_summary
from newsroom.renderable import validate_multiline, validate_one_line
from newsroom.stored_counts import KeepsStoredCounts
from newsroom.validators import HttpUrlField

from ..slugs import archive_slug, validate_address_slug
from .public import PUBLIC_STATUSES, is_public
from .topic import TaggedEvent

# What an event's public record holds: the read API's lists and the data dumps give these
# (never its import bookkeeping nor its status).
PUBLISHED_COLUMNS = (
    "id",
    "date",
    "position",
    "slug",
    "headline",
    "summary",
    "cover_image_url",
    "publish_at",
    "updated_at",
)

# When the public last saw an event change: its row's last write (events.changes moves it
# when its sources, links or topics change), or the time a scheduled event fell due if later:
# that happens with no write at all.
LAST_CHANGE = Greatest("updated_at", "publish_at")


class EventQuerySet(models.QuerySet):
    def published(self, now=None):
        """What the public may see (`now`, or at another time): `is_public`. Every public view,
        feed and count starts here; hand-written statements use its SQL
        (events.sql.public_condition)."""
        return self.filter(is_public(now=now))


class Event(KeepsStoredCounts, models.Model):
    """One news event: a one-sentence headline on a day, with sources, topics and links."""

    stored_counts = ("sources_count",)  # the write mechanism's: never written by a save

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")

    date = models.DateField(_("date"), db_index=False)
    position = models.PositiveIntegerField(
        _("position in the day"), default=0, help_text=_("Order of the event within its day.")
    )
    headline = models.CharField(_("headline"), max_length=2000, validators=[validate_one_line])
    summary = models.TextField(
        _("summary"),
        blank=True,
        validators=[validate_multiline, validate_summary],
        help_text=_("Plain text; separate paragraphs with a blank line."),
    )
    slug = models.CharField(
        _("slug"),
        max_length=255,
        blank=True,
        validators=[validate_address_slug],
        help_text=_("Part of the address. Left blank, it is made from the headline."),
    )
    cover_image_url = HttpUrlField(_("cover image URL"), blank=True)
    # Where the archive file listed its "Cover Image" among the sources (None: after them),
    # so an export writes the file back exactly as it came.
    cover_position = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("When the event became public, or (scheduled) when it will."),
    )
    # Optimistic locking: every save through the CMS adds one, and a save based on an older
    # number is refused (see events.admin.forms). Bulk imports leave it alone.
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    topics = TaggableManager(
        _("topics"),
        through=TaggedEvent,
        blank=True,
        # In the editor's order (see TaggedEvent.position), the same on every page.
        ordering=["tagged_events__position", "name"],
    )
    archive_path = models.CharField(
        _("archive path"),
        max_length=500,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("The archive file this event was imported from."),
    )
    # Digest of the archive file (and its snapshots) at the last import: an unchanged file
    # is skipped without parsing or writing.
    archive_digest = models.CharField(max_length=64, blank=True, editable=False)
    # How many sources the event cites, kept by every write as its sources change
    # (events.changes.counts; an import writes it with the event): "without sources" is then
    # read along its own index instead of looking for every event's sources.
    sources_count = models.PositiveIntegerField(_("sources"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "position", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [("publish_event", _("Can publish, schedule and unpublish events"))]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "slug"],
                name="event_unique_slug_per_day",
                violation_error_message=_("Another event on this day already has this slug."),
            ),
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(publish_at__isnull=False),
                name="event_scheduled_has_publish_time",
                violation_error_message=_("A scheduled event needs a publish time."),
            ),
        ]
        indexes = [
            # Every public list and count by date (day, month, year, home, neighbouring days):
            # the date first, for ranges and order, then what published() reads, so a count
            # or a list of days is answered from the index alone.
            models.Index(fields=["date", "status", "publish_at"], name="event_public_dates"),
            # Scheduled events by publish time: which one goes public next.
            models.Index(
                fields=["publish_at"],
                condition=Q(status="scheduled"),
                name="event_scheduled_by_time",
            ),
            # The desk's latest publications, newest first: eight read from the end of this
            # index instead of every public event sorted (10,000 events: 206 ms on SQLite).
            models.Index(fields=["publish_at", "id"], name="event_by_publish_time"),
            # The admin changelist and feeds sort by most recently changed.
            models.Index(fields=["updated_at"], name="event_by_updated"),
            # The read API's `updated_since` and `ordering=updated` (events.api.queries).
            models.Index(LAST_CHANGE, F("id"), name="event_by_last_change"),
            # The desk's and the changelist's events without sources, in the changelist's
            # order: few of many, each found without reading the others.
            models.Index(
                fields=["-date", "position", "id"],
                condition=Q(sources_count=0),
                name="event_without_sources",
            ),
        ]

    def __str__(self):
        return f"{self.date.isoformat()}: {self.headline}"

    def save(self, *args, **kwargs):
        self.settle_publish_time()
        adding = self._state.adding
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if not adding and (fields is None or "date" in fields):
            # The topic rows carry the event's date (see TaggedEvent.event_date).
            TaggedEvent.objects.filter(content_object=self).exclude(event_date=self.date).update(
                event_date=self.date
            )

    def get_absolute_url(self):
        return reverse("events:event", kwargs={**self.date_kwargs(), "slug": self.slug})

    @property
    def is_published(self) -> bool:
        """The same rule as `EventQuerySet.published()`, for one event already in memory."""
        return (
            self.status in PUBLIC_STATUSES
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    def settle_publish_time(self):
        """A draft has no publish time; a published event has the time it went public.

        Publishing (again) makes an event public now; an event already published keeps its
        time. A scheduled event keeps the time it is due. Every save settles it.
        """
        if self.status == self.Status.DRAFT:
            self.publish_at = None
        elif self.status == self.Status.PUBLISHED:
            now = timezone.now()
            if self.publish_at is None or self.publish_at > now:
                self.publish_at = now

    def public_paths(self) -> list[str]:
        """Every public address of this event: its page and the archive's `.md` path."""
        return [self.get_absolute_url(), self.legacy_path]

    @property
    def topic_links(self):
        """The event's own rows in the topic through table; revisions follow these (those its
        related events' links give it follow those links)."""
        return TaggedEvent.objects.filter(content_object=self, own=True).select_related("tag")

    def date_kwargs(self) -> dict:
        return {"year": self.date.year, "month": self.date.month, "day": self.date.day}

    @property
    def legacy_path(self) -> str:
        """The event's path in the markdown archive: `/news/2012/02/8/<slug>.md`."""
        d = self.date
        return f"/news/{d.year:04d}/{d.month:02d}/{d.day}/{self.slug}.md"

    @property
    def summary_paragraphs(self) -> list[str]:
        return [p.strip() for p in self.summary.replace("\r\n", "\n").split("\n\n") if p.strip()]

    def clean(self):
        self.headline = self.headline.strip()
        if not self.slug and self.headline:
            self.slug = archive_slug(self.headline)
        if self.status != self.Status.SCHEDULED:
            self.settle_publish_time()
        elif self.publish_at is None:
            raise ValidationError({"publish_at": _("A scheduled event needs a publish time.")})
