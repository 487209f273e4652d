"""The news reports an event cites, in the order the editor gave them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.http_cache.querysets import EventPartQuerySet
from newsroom.validators import HttpUrlField


class Source(models.Model):
    """One cited report (`[BBC](http://...)`), with an optional archived copy of its text."""

    # Indexed by `source_by_event` (event, position) below.
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="sources", db_index=False
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(
        _("outlet"), max_length=500, help_text=_("As written: BBC, AP via Winnipeg Free Press")
    )
    url = HttpUrlField(_("URL"))
    snapshot_title = models.CharField(_("snapshot title"), max_length=2000, blank=True)
    snapshot_text = models.TextField(
        _("snapshot text"), blank=True, help_text=_("The article's text as archived.")
    )
    snapshot_archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    objects = EventPartQuerySet.as_manager()

    class Meta:
        ordering = ["event", "position", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        indexes = [
            # Event and day pages list each event's sources in order.
            models.Index(fields=["event", "position"], name="source_by_event"),
            # Search filters by outlet.
            models.Index(fields=["name"], name="source_by_outlet"),
        ]

    def __str__(self):
        return self.name

    @property
    def has_snapshot(self) -> bool:
        return bool(self.snapshot_title or self.snapshot_text)
