"""Date-time inputs that say which time zone their times are in.

The admin's split date and time inputs, written as 2026-12-01 and 14:30 (newsroom/formats/),
with the site's time zone named beside them: the change form and the schedule form alike.
The template lives in events/templates/: widgets render through Django's form renderer,
which reads the apps' template folders, not the project's.
"""

from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils import timezone


class ZonedSplitDateTime(AdminSplitDateTime):
    template_name = "admin/widgets/zoned_split_datetime.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["time_zone"] = timezone.get_current_timezone_name()
        return context
