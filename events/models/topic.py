"""Topics (people, places, themes) and the rows that give events their topics."""

from django.db import models
from django.db.models import Exists, F, Func, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import TagBase, TaggedItemBase

from newsroom.carriable import validate_topic_name
from newsroom.renderable import validate_one_line
from newsroom.stored_counts import KeepsStoredCounts

from ..slugs import topic_slug_base
from .public import is_public

# The most topics an event carries, its own and those other events' links give it together
# (events.given_topics keeps the rows to it): its pages, answers and surrogate keys stay
# bounded whatever an archive file or a link's context names.
MOST_TOPICS = 100


# What a name's alphabetical place ignores at its start: punctuation and quotes ("'Ndrangheta",
# "(Untitled)", "¡Basta!"), besides case.
LEADING_PUNCTUATION = " ''\"([{.,-#*!?¡¿«‘“„/"


class SortName(Func):
    """A topic's name as the index sorts it: lower case, its leading punctuation left out
    (digits stay: they sort before letters). Written as a literal, not a parameter, so the
    index `topic_by_sort_name` serves queries ordered by it."""

    template = f"LTRIM(LOWER(%(expressions)s), '{LEADING_PUNCTUATION}')"
    output_field = models.CharField()


class Topic(KeepsStoredCounts, TagBase):
    """A person, place or theme that events share; the archive calls them contexts."""

    stored_counts = ("events_count", "public_count")  # never written by a save

    # The archive's contexts can be longer than taggit's default 100 characters.
    name = models.CharField(
        _("name"),
        unique=True,
        max_length=255,
        validators=[validate_one_line, validate_topic_name],
    )
    slug = models.SlugField(_("slug"), unique=True, max_length=255, allow_unicode=True)
    # Kept by the database from the topic rows (events.models.topic_counts): how many events
    # carry the topic, drafts too (what the admin shows), and how many of them count publicly
    # once every scheduled one is due (rows flagged `counted` by events.changes). What the
    # public sees now is the second less the rows of events not due yet
    # (`topic_counts.not_yet_public`): no page counts a topic's rows.
    events_count = models.PositiveIntegerField(_("events"), default=0, editable=False)
    public_count = models.PositiveIntegerField(_("public events"), default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [
            # The topic index and the admin's autocomplete by number of events, most first.
            models.Index(F("public_count").desc(), "name", name="topic_by_public_count"),
            models.Index(F("events_count").desc(), "name", name="topic_by_events_count"),
            # The topic index by name, A to Z whatever the case and leading punctuation.
            models.Index(SortName("name"), "name", name="topic_by_sort_name"),
        ]

    def get_absolute_url(self):
        return reverse("events:topic", kwargs={"slug": self.slug})

    def slugify(self, tag, i=None):
        """taggit's slug for a topic typed in the admin, made as the importer makes it.

        taggit would give a name without letters or digits (`»`, `!!!`) an empty slug, an
        address that cannot exist, and every page listing the topic would fail.
        """
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


class TopicRowQuerySet(models.QuerySet):
    def shown_publicly(self):
        """The rows the public sees (`shown_publicly`), their events public or not."""
        return self.filter(shown_publicly())

    def of_public_events(self):
        """The rows the public sees of public events: what a topic's public events and
        counts are made of, each event once."""
        return self.shown_publicly().filter(is_public("content_object__"))


class TaggedEvent(TaggedItemBase):
    """One row per event and topic: what every page shows and counts, each topic once.

    `own`: the event's own topic (an editor's, or a context of its file's Related list).
    A row that is not its own is there because related links of other events give the topic
    (`GivenTopic`, the givers beside the row): the public sees it only while one of those
    givers is public (`shown_publicly`). Rows follow the gifts (events.given_topics), so an
    event has a topic at most once however many events link to it.
    """

    # Indexed in Meta: `topic_once_per_event` and `topic_row_by_event` by event,
    # `topic_rows_by_date` by topic.
    content_object = models.ForeignKey(
        "Event", on_delete=models.CASCADE, related_name="topic_rows", db_index=False
    )
    tag = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="tagged_events", db_index=False
    )
    # The event's own date, copied here so that a topic's events come out of one index in date
    # order: a topic page or "what happened next" reads a few index entries instead of every
    # event of every topic. Kept equal to the event's date by `save()` below, `Event.save()`,
    # events.given_topics and the importer (events.topics.add_topics).
    event_date = models.DateField(_("event date"), editable=False)
    # The topic's place among the event's topics, as the editor put them. Imported events
    # leave them all at 0 (the archive lists no topics of its own): by name, then.
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    own = models.BooleanField(_("the event's own"), default=True, editable=False)
    # Whether the row counts in its topic's `public_count`: its event is public, or scheduled,
    # and the public sees the row once every scheduled event is due (its own, or given by
    # such an event). Set as a change settles (events.changes.counts), never by the writes.
    counted = models.BooleanField(_("counted"), default=False, editable=False)

    objects = TopicRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("event topic")
        verbose_name_plural = _("event topics")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="topic_once_per_event")
        ]
        indexes = [
            # Topic pages and "what happened next": a topic's events by date; with the flag,
            # its chart of months and first and latest dates from the index alone.
            models.Index(
                fields=["tag", "event_date", "content_object", "counted"],
                name="topic_rows_by_date",
            ),
            # An event's rows with all a listing reads of them (topic, whether its own,
            # position), so listings and search's topic facet never visit the table: that
            # facet's statement took 7.6 against 5.8 ms for a search matching 386 events, a
            # listing's 0.50 against 0.45 ms for 50 events (100,000-event bench database, best
            # of 10, same run).
            models.Index(
                fields=["content_object", "tag", "own", "position"], name="topic_row_by_event"
            ),
        ]

    def __str__(self):
        # Kept free of queries: revisions store one of these per topic of every saved event.
        return self.tag.name

    @classmethod
    def lookup_kwargs(cls, instance):
        """taggit's `event.topics` (the admin's field) is the event's own topics; the ones
        links give follow those links."""
        return {"content_object": instance, "own": True}

    @classmethod
    def tags_for(cls, model, instance=None, **extra_filters):
        if instance is not None:
            extra_filters = {**extra_filters, f"{cls.tag_relname()}__own": True}
        return super().tags_for(model, instance, **extra_filters)

    def save(self, *args, **kwargs):
        # taggit adds topics through save(), with the event in memory: no query.
        self.event_date = self.content_object.date
        if self._state.adding and self.own and self._was_given():
            return
        super().save(*args, **kwargs)

    def _was_given(self) -> bool:
        """A topic the event had only from links becomes its own: the row it has already is
        the one row of that event and topic (taggit adds a row where it finds no own one)."""
        given = TaggedEvent.objects.filter(
            content_object_id=self.content_object_id, tag_id=self.tag_id, own=False
        )
        found = given.values_list("pk", flat=True).first()
        if found is None:
            return False
        given.update(own=True, position=self.position)
        self.pk = found
        self._state.adding = False
        return True


class GivenTopic(models.Model):
    """A topic a related link of `given_by` gives the event it links to: the context on the
    link's line. Kept in step with the links by events.given_topics; the event's row for the
    topic (`TaggedEvent`) stands beside it."""

    event = models.ForeignKey(
        "Event", on_delete=models.CASCADE, related_name="given_topics", db_index=False
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="gifts")
    given_by = models.ForeignKey(
        "Event", on_delete=models.CASCADE, related_name="topics_given", db_index=False
    )

    class Meta:
        verbose_name = _("topic given by a link")
        verbose_name_plural = _("topics given by links")
        constraints = [
            # Also the index `shown_publicly` looks a row's givers up by.
            models.UniqueConstraint(fields=["event", "topic", "given_by"], name="given_topic_once")
        ]
        indexes = [
            # A giver's gifts: redone when its links change, gone when it is deleted.
            models.Index(fields=["given_by"], name="given_topic_by_giver"),
        ]

    def __str__(self):
        return f"{self.topic_id} given to {self.event_id} by {self.given_by_id}"


def shown_publicly() -> Q:
    """Which topic rows the public sees: an event's own, and those a public event's link
    gives, as `Event.objects.published()` says at query time (a scheduled giver's topics
    show once its time has come, with no write)."""
    givers = GivenTopic.objects.filter(event=OuterRef("content_object"), topic=OuterRef("tag"))
    return Q(own=True) | Exists(givers.filter(is_public("given_by__")))


def carries_publicly(topic, gift_topic=None) -> Q:
    """For a query of events: the event carries `topic` (an id, or an expression) where the
    public sees it. One condition on one join of its topic rows, so each event comes once.
    `gift_topic`: the same topic as seen from inside the givers' subquery, when `topic` is an
    `OuterRef` (then one more `OuterRef` deep)."""
    gift_topic = topic if gift_topic is None else gift_topic
    givers = GivenTopic.objects.filter(event=OuterRef("pk"), topic=gift_topic)
    given = Exists(givers.filter(is_public("given_by__")))
    return Q(topic_rows__tag=topic) & (Q(topic_rows__own=True) | given)
