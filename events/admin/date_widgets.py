"""Date-time inputs that say which time zone their times are in.

The admin's split date and time inputs, written as 2026-12-01 and 14:30 (newsroom/formats/),
with the site's time zone named beside them: the change form and the schedule form alike.
A stored time keeps its seconds: a time with seconds is written with them (14:30:27), so a
save that leaves it alone sends it back whole rather than cut to the minute (which recorded
"Changed Publish at" on a typo fix); fractions of a second are not shown and count as unchanged
(the form keeps the stored value, EventAdminForm.clean_publish_at).
The template lives in events/templates/: widgets render through Django's form renderer,
which reads the apps' template folders, not the project's.
"""

from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils import timezone

TIME_WITH_SECONDS = "%H:%M:%S"  # one of TIME_INPUT_FORMATS (newsroom/formats/)


class ZonedSplitDateTime(AdminSplitDateTime):
    template_name = "admin/widgets/zoned_split_datetime.html"

    def decompress(self, value):
        day, time = super().decompress(value)
        if time is None:
            return [day, time]
        time = time.replace(microsecond=0)
        return [day, time.strftime(TIME_WITH_SECONDS) if time.second else time]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["time_zone"] = timezone.get_current_timezone_name()
        return context
