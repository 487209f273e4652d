"""Topics (people, places, themes) and the rows that give events their topics."""

from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import TagBase, TaggedItemBase

from newsroom.renderable import validate_one_line

from ..http_cache.querysets import TopicQuerySet, TopicRowQuerySet


class Topic(TagBase):
    """A person, place or theme that events share; the archive calls them contexts."""

    # The archive's contexts can be longer than taggit's default 100 characters.
    name = models.CharField(_("name"), unique=True, max_length=255, validators=[validate_one_line])
    slug = models.SlugField(_("slug"), unique=True, max_length=255, allow_unicode=True)

    objects = TopicQuerySet.as_manager()

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
        from ..topics import topic_slug_base  # events.topics imports this module

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
    """The through table between events and topics.

    An event's own topics (an editor's, or the contexts of its own related links) are rows
    with no `given_by`, one per (event, topic). A related link also gives its line's contexts
    to its target: those rows name the linking event in `given_by`, one per (event, topic,
    giver), and count on public pages only while the giver is public (`counted_publicly`), so
    a draft's contexts never show on the event it links to.
    """

    # Indexed in Meta: `topic_row_by_event` and `tagged_event_by_tag_date` (by topic).
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
    # The topic's place among the event's topics, as the editor put them. Imported events
    # leave them all at 0 (the archive lists no topics of its own): by name, then.
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # The event whose related link gave this topic; null for the event's own topics. Indexed
    # (`topic_row_by_giver`): a giver's rows are found when it is deleted or changes its links.
    given_by = models.ForeignKey(
        "Event",
        verbose_name=_("given by"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="given_topic_rows",
        db_index=False,
    )

    objects = TopicRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("event topic")
        verbose_name_plural = _("event topics")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"],
                condition=Q(given_by__isnull=True),
                name="tagged_event_once",
            ),
            models.UniqueConstraint(
                fields=["content_object", "tag", "given_by"],
                condition=Q(given_by__isnull=False),
                name="topic_given_once",
            ),
        ]
        indexes = [
            # Topic pages and "what happened next": a topic's events by date.
            models.Index(
                fields=["tag", "event_date", "content_object"], name="tagged_event_by_tag_date"
            ),
            # An event's rows, own and given alike: the two unique constraints above are
            # partial, so a listing's "own, or given by a public event" had no index by event
            # and SQLite walked every topic (110 ms for a day of 17 events, 0.2 ms with this).
            # It holds all a listing reads of a row (topic, giver, position), so listings and
            # search's topic facet never visit the table: that facet's statement took 7.6
            # against 5.8 ms for a search matching 386 events, a listing's 0.50 against 0.45 ms
            # for 50 events (100,000-event bench database, best of 10, same run).
            models.Index(
                fields=["content_object", "tag", "given_by", "position"],
                name="topic_row_by_event",
            ),
            # Only rows a link gave: half the rows have no giver, and SQLite's statistics do
            # not count them, so a full index made it take "given_by IS NULL" for a handful
            # of rows and walk them all.
            models.Index(
                fields=["given_by"], condition=Q(given_by__isnull=False), name="topic_row_by_giver"
            ),
        ]

    def __str__(self):
        # Kept free of queries: revisions store one of these per topic of every saved event.
        return self.tag.name

    @classmethod
    def lookup_kwargs(cls, instance):
        """taggit's `event.topics` (the admin's field) manages the event's own topics only;
        the ones its links' givers gave follow those links."""
        return {"content_object": instance, "given_by__isnull": True}

    @classmethod
    def tags_for(cls, model, instance=None, **extra_filters):
        if instance is not None:
            extra_filters = {**extra_filters, f"{cls.tag_relname()}__given_by__isnull": True}
        return super().tags_for(model, instance, **extra_filters)

    def save(self, *args, **kwargs):
        # taggit adds topics through save(), with the event in memory: no query.
        self.event_date = self.content_object.date
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        from ..last_change import touch  # events.last_change imports this module

        touch([self.content_object_id])  # its event shows one topic fewer
        return super().delete(*args, **kwargs)


def counts_publicly(path: str = "") -> Q:
    """Which topic rows the public sees: an event's own, and those given by a public event's
    link, as `Event.objects.published()` says at query time (a scheduled giver's topics show
    once its time has come, with no write). `path`: from the queried model to the rows,
    such as `topic_rows__`; use it in the same `filter()` as the rest of that join."""
    from .event import is_public  # events.models.event imports this module

    # The giver joined by its key, not `given_by__in=published()`: SQLite read every public
    # event's id for that subquery, ~100 ms a statement on 100,000 events (a topic page ran
    # four), against well under 1 ms for the join.
    return Q(**{f"{path}given_by__isnull": True}) | is_public(f"{path}given_by__")
