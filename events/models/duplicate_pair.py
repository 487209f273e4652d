"""What editors decided about a possible duplicate pair: not a duplicate, or reviewed."""

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
