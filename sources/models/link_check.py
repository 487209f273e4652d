"""The ledger: one row per check of a source's link, kept so a verdict can be explained."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkCheck(models.Model):
    """What one fetch of a source's address found."""

    class Outcome(models.TextChoices):
        OK = "ok", _("answered")
        # Counts toward "dead": 404, 410, no such host, refused, sent to the home page.
        FAILED = "failed", _("failed")
        # Retried later, never dead by itself: 401, 403, 429, 5xx, timeouts, refusals of ours.
        UNREACHABLE = "unreachable", _("unreachable")

    source = models.ForeignKey(
        "sources.Source", on_delete=models.CASCADE, related_name="checks", db_index=False
    )
    checked_at = models.DateTimeField(_("checked at"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    final_url = models.CharField(_("final URL"), max_length=2048, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        ordering = ["source", "-checked_at"]
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")
        indexes = [
            # A source's history, newest first (admin inline).
            models.Index(fields=["source", "-checked_at"], name="link_check_by_source"),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} {self.status_code or self.error}"
