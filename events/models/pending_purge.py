"""Purges waiting to be sent: written in the same transaction as the change they describe."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingPurge(models.Model):
    """Surrogate keys to purge from every front cache, kept until every cache has taken them.

    A row is written with the change, so a purge can never be forgotten: if the caches
    cannot be reached after the commit, the next write, the next import or
    `manage.py purge_cache` sends it again.
    """

    keys = models.TextField(_("surrogate keys"), help_text=_("Separated by spaces."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("pending purge")
        verbose_name_plural = _("pending purges")

    def __str__(self):
        return self.keys[:100]
