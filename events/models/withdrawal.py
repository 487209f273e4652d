"""Withdrawals: a public event that stopped being public, and when."""

from django.db import models
from django.utils import timezone


class Withdrawal(models.Model):
    """An event left the public (moved back to draft, rescheduled, or deleted) at this time.

    What lets a copy kept in sync through the read API drop it: `updated_since` can only list
    events that are public. A plain number, not a foreign key: a deleted event's row stays.
    Written by events.changes when a write settles; one row a withdrawal, a few a day at most.
    """

    event_id = models.BigIntegerField()
    withdrawn_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["withdrawn_at", "id"], name="withdrawal_by_time")]

    def __str__(self):
        return f"event {self.event_id} withdrawn at {self.withdrawn_at.isoformat()}"
