"""Shortcuts into the event form: "add today's event" with the date and next position."""

from urllib.parse import urlencode

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from ..models import Event


def next_position(day) -> int:
    last = Event.objects.filter(date=day).aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def todays_event_url() -> str:
    """The add form with today's date (in the site's time zone) and the next free position."""
    today = timezone.localdate()
    query = urlencode({"date": today.isoformat(), "position": next_position(today)})
    return f"{reverse('admin:events_event_add')}?{query}"
