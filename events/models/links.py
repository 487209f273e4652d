"""Links between events, and the redirects from addresses that moved."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom.carriable import validate_context
from newsroom.renderable import validate_one_line

from .event import Event
from .topic import Topic

# The most related links an event has: its page and answers stay bounded.
MOST_RELATED = 200


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
        validators=[validate_one_line],
        help_text=_("As the archive writes it: /news/2012/09/5/<slug>.md"),
    )
    target_headline = models.CharField(
        _("target headline"), max_length=2000, blank=True, validators=[validate_one_line]
    )
    context = models.CharField(
        _("context"),
        max_length=1000,
        blank=True,
        validators=[validate_one_line, validate_context],
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
