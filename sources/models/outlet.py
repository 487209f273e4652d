"""Outlets: who published a source, known by the registrable domain of its address."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom.renderable import validate_one_line


class OutletQuerySet(models.QuerySet):
    def current(self):
        """Outlets not folded into another one: the ones readers and editors see."""
        return self.filter(merged_into__isnull=True)


class Outlet(models.Model):
    """A publisher (`bbc.co.uk`): derived from its sources' addresses, named by editors.

    An outlet folded into another (`bbc.com` into `bbc.co.uk`) keeps its row, pointing at the
    one it joined, so sources found later under its domain land in the right place and its old
    page redirects. `merged_into` always names an outlet that is itself current.
    """

    domain = models.CharField(
        _("domain"),
        max_length=253,
        unique=True,
        help_text=_("The registrable domain of its sources' addresses, e.g. bbc.co.uk."),
    )
    name = models.CharField(
        _("display name"),
        max_length=200,
        blank=True,
        validators=[validate_one_line],
        help_text=_("How readers see it, e.g. BBC News. Empty: the domain."),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("merged into"),
    )

    objects = OutletQuerySet.as_manager()

    class Meta:
        ordering = ["domain"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("sources:outlet", args=[self.domain])

    @property
    def display_name(self) -> str:
        return self.name or self.domain
