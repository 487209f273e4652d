"""Who has an event's change page open: the soft lock editors see when they open it."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class EditingPresence(models.Model):
    """`user` opened `event`'s change page at `opened_at` and has neither saved nor left.

    Only a warning for other editors (events.editorial.presence); the conflict check at save
    (the lock version) stays the guard. Editorial bookkeeping: nothing public shows it.
    """

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_presence_an_editor"),
        ]

    def __str__(self):
        return f"{self.user_id} on {self.event_id} since {self.opened_at.isoformat()}"
