"""Events of the archive: one sentence per event per day, its topics and its related links."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from newsroom.validators import HttpUrlField

from .slugs import archive_slug


class Topic(TagBase):
    """A person, place or theme that events share; the archive calls them contexts."""

    # The archive's contexts can be longer than taggit's default 100 characters.
    name = models.CharField(_("name"), unique=True, max_length=255)
    slug = models.SlugField(_("slug"), unique=True, max_length=255, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def get_absolute_url(self):
        return reverse("events:topic", kwargs={"slug": self.slug})

    def slugify(self, tag, i=None):
        """taggit's slug for a topic typed in the admin, made as the importer makes it.

        taggit would give a name without letters or digits (`»`, `!!!`) an empty slug, an
        address that cannot exist, and every page listing the topic would fail.
        """
        from .topics import topic_slug_base  # events.topics imports this module

        slug = topic_slug_base(tag)
        return slug if i is None else f"{slug}_{i}"

    def public_paths(self) -> dict[str, str]:
        """Every public address of this topic, by URL name: its page, and its feed if any."""
        paths = {}
        for name in TOPIC_URL_NAMES:
            try:
                paths[name] = reverse(name, kwargs={"slug": self.slug})
            except NoReverseMatch:
                continue  # the site has no such page for topics
        return paths


# URL names whose only argument is a topic's slug: what a rename or merge must redirect.
TOPIC_URL_NAMES = ("events:topic", "events:topic_feed")


class TaggedEvent(TaggedItemBase):
    """The through table between events and topics: one row per (event, topic)."""

    # No single-column indexes: the unique (event, topic) constraint serves lookups by event
    # and `tagged_event_by_tag_date` lookups by topic; two more would only slow down imports.
    content_object = models.ForeignKey(
        "Event", on_delete=models.CASCADE, related_name="topic_rows", db_index=False
    )
    tag = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="tagged_events", db_index=False
    )
    # The event's own date, copied here so that a topic's events come out of one index in date
    # order: a topic page or "what happened next" reads a few index entries instead of every
    # event of every topic. Kept equal to the event's date by `save()` below, `Event.save()`
    # and the importer (events.topics.add_topics).
    event_date = models.DateField(_("event date"), editable=False)

    class Meta:
        verbose_name = _("event topic")
        verbose_name_plural = _("event topics")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_event_once")
        ]
        # Topic pages and "what happened next": a topic's events by date.
        indexes = [
            models.Index(
                fields=["tag", "event_date", "content_object"], name="tagged_event_by_tag_date"
            )
        ]

    def __str__(self):
        # Kept free of queries: revisions store one of these per topic of every saved event.
        return self.tag.name

    def save(self, *args, **kwargs):
        # taggit adds topics through save(), with the event in memory: no query.
        self.event_date = self.content_object.date
        super().save(*args, **kwargs)


class EventQuerySet(models.QuerySet):
    def published(self, now=None):
        """What the public may see (`now`, or at another time). Every public view, feed and
        count starts here; hand-written statements use its SQL
        (events.public.queries.sql.public_condition).

        An event is public from its publish time on: a published event's is when it was
        published (see `Event.settle_publish_time`), a scheduled event's is when it is due,
        decided here at query time: no cron job or worker has to flip its status. One test
        per column, not an OR of the two cases: cheaper to build, and an index can answer it.
        """
        now = timezone.now() if now is None else now
        return self.filter(status__in=PUBLIC_STATUSES, publish_at__lte=now)


class Event(models.Model):
    """One news event: a one-sentence headline on a day, with sources, topics and links."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")

    date = models.DateField(_("date"), db_index=False)
    position = models.PositiveIntegerField(
        _("position in the day"), default=0, help_text=_("Order of the event within its day.")
    )
    headline = models.CharField(_("headline"), max_length=2000)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Plain text; separate paragraphs with a blank line.")
    )
    slug = models.CharField(
        _("slug"),
        max_length=255,
        blank=True,
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
    topics = TaggableManager(_("topics"), through=TaggedEvent, blank=True)
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
            # The admin changelist and feeds sort by most recently changed.
            models.Index(fields=["updated_at"], name="event_by_updated"),
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
        """The event's rows in the topic through table; revisions follow these."""
        return TaggedEvent.objects.filter(content_object=self).select_related("tag")

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


# The statuses with a publish time: public from that time on (see `EventQuerySet.published`).
PUBLIC_STATUSES = (Event.Status.PUBLISHED, Event.Status.SCHEDULED)


class Related(models.Model):
    """A link from one event to another, kept as written even while its target is missing."""

    # Indexed by `related_by_event` (event, position) below.
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="related_links", db_index=False
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    target = models.ForeignKey(
        Event,
        verbose_name=_("related event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incoming_links",
    )
    target_path = models.CharField(
        _("target archive path"),
        max_length=500,
        blank=True,
        help_text=_("As the archive writes it: /news/2012/09/5/<slug>.md"),
    )
    target_headline = models.CharField(_("target headline"), max_length=2000, blank=True)
    context = models.CharField(
        _("context"),
        max_length=1000,
        blank=True,
        help_text=_("Topics the two events share, comma separated: Chongqing, Wang Lijun"),
    )

    class Meta:
        ordering = ["event", "position", "id"]
        verbose_name = _("related event")
        verbose_name_plural = _("related events")
        indexes = [
            # Event pages list an event's links in order.
            models.Index(fields=["event", "position"], name="related_by_event"),
            # Resolving dangling links when their target arrives: unresolved rows by path.
            # Only those: a resolved link leaves the index, and one resolved as it is written
            # never enters it (half an import's links, at half the cost of their insert).
            models.Index(
                fields=["target_path"],
                condition=Q(target__isnull=True),
                name="related_unresolved_by_path",
            ),
        ]

    def __str__(self):
        return self.target_headline or self.target_path

    @property
    def context_names(self) -> list[str]:
        return split_context(self.context)

    def clean(self):
        if self.target_id:
            target = self.target
            self.target_path = self.target_path or target.legacy_path
            self.target_headline = self.target_headline or target.headline
        if not self.target_path:
            raise ValidationError(
                {"target": _("Choose the related event, or give its archive path.")}
            )
        if not self.target_headline:
            raise ValidationError({"target_headline": _("Give the related event's headline.")})


def split_context(context: str) -> list[str]:
    """`Chongqing, Wang Lijun` -> ["Chongqing", "Wang Lijun"]."""
    return [name.strip() for name in context.split(",") if name.strip()]


class Redirect(models.Model):
    """An address that no longer names a page: answered with a 301 to what it became.

    The target is a row, not a path, so a chain of moves (A -> B -> C) always ends at the
    current address in a single hop. Looked up only when a request would be a 404
    (events.editorial.redirects.RedirectFallbackMiddleware).
    """

    old_path = models.CharField(_("old address"), max_length=1000, unique=True)
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, null=True, blank=True, related_name="redirects"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="redirects"
    )
    # For a topic: which of its pages the old address was (its page or its feed).
    target_url_name = models.CharField(max_length=100, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False, topic__isnull=True)
                | Q(event__isnull=True, topic__isnull=False),
                name="redirect_has_one_target",
            )
        ]

    def __str__(self):
        return self.old_path

    @property
    def target(self):
        return self.event or self.topic

    def target_url(self) -> str:
        if self.topic_id:
            name = self.target_url_name or "events:topic"
            return reverse(name, kwargs={"slug": self.topic.slug})
        return self.event.get_absolute_url()
