"""Possible duplicate pairs: the pairs found now, what editors decided of them, and the
archive paths of events merged into others."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PairDecision(models.Model):
    """Two events the duplicate check pairs (`first` the lower id), and what an editor said.

    Remembered so the pair leaves the desk's count and the report's open list for good: a
    "not a duplicate" is not asked again tomorrow. Editorial bookkeeping only: nothing public
    shows it, so it is written as it is, not through events.changes.
    """

    class Verdict(models.TextChoices):
        NOT_DUPLICATE = "not_duplicate", _("not a duplicate")
        REVIEWED = "reviewed", _("reviewed")

    first = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_decision_a_pair"),
            models.CheckConstraint(condition=Q(first__lt=models.F("second")), name="pair_in_order"),
        ]

    def __str__(self):
        return f"{self.first_id} and {self.second_id}: {self.verdict}"


class DuplicatePair(models.Model):
    """Two events the duplicate check pairs now (`first` the lower id, as in `PairDecision`),
    kept current by every write (events.duplicate_pairs.refresh, called as a change settles),
    so the report and the desk read rows instead of comparing the archive's headlines."""

    first = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()  # the earlier of the two events' dates
    score = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_row_a_pair"),
            models.CheckConstraint(
                condition=Q(first__lt=models.F("second")), name="duplicate_pair_in_order"
            ),
        ]
        indexes = [
            # The report's order, and the desk's latest days.
            models.Index(fields=["-score", "day"], name="duplicate_pair_by_score"),
            models.Index(fields=["day"], name="duplicate_pair_by_day"),
        ]

    def __str__(self):
        return f"{self.first_id} and {self.second_id}: {self.score:.0f}"

    @property
    def earlier(self):
        """The pair's events in the order the report shows them: by date, then id."""
        return min(self.first, self.second, key=lambda event: (event.date, event.pk))

    @property
    def later(self):
        return max(self.first, self.second, key=lambda event: (event.date, event.pk))


class MergedEvent(models.Model):
    """An archive path whose event was merged into another (events.editorial.merges): a
    re-import skips the file and says so, links to the path lead to the kept event."""

    path = models.CharField(max_length=500, unique=True)
    merged_id = models.BigIntegerField()  # the merged-away event's id, gone since
    headline = models.CharField(max_length=2000)
    kept = models.ForeignKey(
        "events.Event", on_delete=models.SET_NULL, null=True, related_name="merged_from"
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.path} -> {self.kept_id}"
