"""Outlets: who published a source, known by the registrable domain of its address."""

from collections.abc import Iterable

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom.renderable import validate_one_line

from ..domains import registrable_domain


class OutletQuerySet(models.QuerySet):
    def current(self):
        """Outlets not folded into another one: the ones readers and editors see."""
        return self.filter(merged_into__isnull=True)

    def ids_for_domains(self, domains: Iterable[str]) -> dict[str, int]:
        """The current outlet of each domain, made when new: at most three queries."""
        domains = {domain for domain in domains if domain}
        if not domains:
            return {}
        found = self._current_ids(domains)
        missing = domains - found.keys()
        if missing:
            # Another process may make the same outlet meanwhile: theirs is as good as ours.
            self.bulk_create(
                [Outlet(domain=domain) for domain in sorted(missing)], ignore_conflicts=True
            )
            found.update(self._current_ids(missing))
        return found

    def _current_ids(self, domains: set[str]) -> dict[str, int]:
        rows = self.filter(domain__in=domains).values_list("domain", "pk", "merged_into")
        return {domain: merged_into or pk for domain, pk, merged_into in rows}

    def id_for_url(self, url: str) -> int | None:
        domain = registrable_domain(url)
        return self.ids_for_domains([domain]).get(domain)

    def ids_for_urls(self, urls: Iterable[str]) -> dict[str, int]:
        """Each address's outlet id (addresses without a host are left out)."""
        domains = {url: registrable_domain(url) for url in set(urls)}
        ids = self.ids_for_domains(domains.values())
        return {url: ids[domain] for url, domain in domains.items() if domain in ids}


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
