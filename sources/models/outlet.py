"""Outlets: who published a source, known by the registrable domain of its address."""

from collections.abc import Iterable

from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom.renderable import validate_one_line
from newsroom.stored_counts import KeepsStoredCounts

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


# Kept by the database from the outlet's sources (sources.models.outlet_counts).
COUNT_FIELDS = ("source_count", "dead_count", "public_sources", "public_dead", "public_events")


class Outlet(KeepsStoredCounts, models.Model):
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

    # Kept by the database from its sources (sources.models.outlet_counts): all of them and
    # those whose link is dead; those of events public or due to be, their dead ones, and
    # the events citing it.
    stored_counts = COUNT_FIELDS  # never written by a save
    source_count = models.PositiveIntegerField(_("sources"), default=0, editable=False)
    dead_count = models.PositiveIntegerField(_("dead links"), default=0, editable=False)
    public_sources = models.PositiveIntegerField(_("public sources"), default=0, editable=False)
    public_dead = models.PositiveIntegerField(_("public dead links"), default=0, editable=False)
    public_events = models.PositiveIntegerField(_("public events"), default=0, editable=False)

    objects = OutletQuerySet.as_manager()

    class Meta:
        ordering = ["domain"]
        indexes = [
            # The outlet index: most cited first.
            models.Index(F("public_events").desc(), "domain", name="outlet_by_public_events"),
        ]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("sources:outlet", args=[self.domain])

    @property
    def display_name(self) -> str:
        return self.name or self.domain


class WrittenName(models.Model):
    """How many of an outlet's counted sources (events.models.outlet_flags) are written with
    one name: readers know an outlet by its most used one. Kept by the database from the
    sources (sources.models.outlet_counts), never written by the site; a name no longer used
    goes."""

    outlet = models.ForeignKey(
        Outlet, on_delete=models.CASCADE, related_name="written_names", db_index=False
    )
    name = models.CharField(_("name"), max_length=500)
    # Not a positive field: PostgreSQL's statement triggers add signed sums (rows come and
    # go in one statement); the total never goes below zero.
    uses = models.IntegerField(_("uses"), default=0)

    class Meta:
        verbose_name = _("written name")
        verbose_name_plural = _("written names")
        constraints = [models.UniqueConstraint(fields=["outlet", "name"], name="written_name_once")]

    def __str__(self):
        return f"{self.name} ({self.uses})"
