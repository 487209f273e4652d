"""The news reports an event cites, in the order the editor gave them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.carriable import validate_source_name
from newsroom.renderable import validate_multiline, validate_one_line
from newsroom.validators import HttpUrlField

from .outlet import Outlet


class LinkState(models.TextChoices):
    """What the link checks say of a source's address (sources.link_checks decides)."""

    UNCHECKED = "unchecked", _("not checked yet")
    LIVE = "live", _("live")
    # Failed once (or only within a day): not dead until a second failure a day later.
    FAILING = "failing", _("failing")
    UNREACHABLE = "unreachable", _("unreachable")
    DEAD = "dead", _("dead")


class Source(models.Model):
    """One cited report (`[BBC](http://...)`), with an optional archived copy of its text.

    A snapshot from the archive has a title and text only; one captured by `capture_sources`
    also has when it was captured, the address it finally came from and a digest.
    """

    # Indexed by `source_by_event` (event, position) below.
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="sources", db_index=False
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(
        _("outlet as written"),
        max_length=500,
        validators=[validate_one_line, validate_source_name],
        help_text=_("As written: BBC, AP via Winnipeg Free Press"),
    )
    url = HttpUrlField(_("URL"))
    # Derived from the URL on every save (sources.outlets); never typed by hand.
    outlet = models.ForeignKey(
        "sources.Outlet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
        verbose_name=_("outlet"),
    )
    snapshot_title = models.CharField(
        _("snapshot title"), max_length=2000, blank=True, validators=[validate_one_line]
    )
    snapshot_text = models.TextField(
        _("snapshot text"),
        blank=True,
        validators=[validate_multiline],
        help_text=_("The article's text as archived."),
    )
    snapshot_archived_at = models.DateTimeField(_("captured at"), null=True, blank=True)
    snapshot_final_url = models.CharField(_("captured from"), max_length=2048, blank=True)
    snapshot_digest = models.CharField(_("snapshot digest"), max_length=64, blank=True)

    link_state = models.CharField(
        _("link"),
        max_length=12,
        choices=LinkState.choices,
        default=LinkState.UNCHECKED,
        db_default=LinkState.UNCHECKED,
    )
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    # The first failed check since the link last answered: dead on a failure a day after it.
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    # Whether the source counts in its outlet's public counts (sources.models.outlet_counts):
    # its event is public, or will be once its time comes; and whether it is the first such
    # source of its event from its outlet (the outlet's public events count each event once).
    # Set as a change settles (events.changes.counts), never by the writes.
    counted = models.BooleanField(_("counted"), default=False, db_default=False, editable=False)
    counts_event = models.BooleanField(
        _("counts its event"), default=False, db_default=False, editable=False
    )

    class Meta:
        ordering = ["event", "position", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        indexes = [
            # Event and day pages list each event's sources in order.
            models.Index(fields=["event", "position"], name="source_by_event"),
            # Search's old `?outlet=` by name.
            models.Index(fields=["name"], name="source_by_outlet"),
            # An outlet's page and counts, search's outlet filter.
            models.Index(fields=["outlet", "event"], name="source_by_outlet_id"),
            # check_sources: links not checked for N days, the least recently checked first.
            models.Index(fields=["last_checked_at"], name="source_by_last_check"),
            # The desk's dead and unreachable counts and "every source lost": the few bad
            # links, found without reading every source (1,000,000 events: about 450 ms).
            models.Index(
                fields=["link_state", "event"],
                name="source_by_bad_link",
                condition=models.Q(link_state__in=["dead", "unreachable"]),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.outlet_id = Outlet.objects.id_for_url(self.url)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "url" in update_fields:
            kwargs["update_fields"] = {*update_fields, "outlet"}
        super().save(*args, **kwargs)

    @property
    def has_snapshot(self) -> bool:
        return bool(self.snapshot_title or self.snapshot_text)

    @property
    def is_captured(self) -> bool:
        """A snapshot this site captured (else it came from the archive, or an editor)."""
        return self.has_snapshot and self.snapshot_archived_at is not None

    @property
    def is_dead(self) -> bool:
        return self.link_state == LinkState.DEAD
