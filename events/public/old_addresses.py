"""The markdown archive's old addresses, answered with permanent redirects to the new pages.

`/news/2012/02/8/index.md` -> the day page, `/news/2012/02/8/<slug>.md` -> the event page,
`/news/2012/02/08/...` (a zero-padded day, which the archive never wrote) -> the unpadded form.
"""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import RedirectView

from .mixins import VisibleEventsMixin

DAY_INDEX = "index"


class MarkdownFileConverter:
    """`<slug>.md` or `index.md`: the view receives the name without `.md`."""

    regex = r"[^/]+\.md"

    def to_python(self, value):
        return value.removesuffix(".md")

    def to_url(self, value):
        return f"{value}.md"


class PaddedDayConverter:
    """A zero-padded day (`08`), only ever redirected to the unpadded one."""

    regex = "0[1-9]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


def archive_date(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise Http404("No such date.") from None


class MarkdownFileRedirect(VisibleEventsMixin, RedirectView):
    """An archive file's path -> its page; a file naming nothing public is a 404."""

    permanent = True

    def get_redirect_url(self, year, month, day, name):
        date = archive_date(year, month, day)
        events = self.visible_events().filter(date=date)
        if name == DAY_INDEX:
            if not events.exists():
                raise Http404("No events on this day.")
            return reverse("events:day", kwargs={"year": year, "month": month, "day": day})
        return get_object_or_404(events.only("date", "slug"), slug=name).get_absolute_url()


class PaddedDayRedirect(RedirectView):
    """`/news/2012/02/08/` -> `/news/2012/02/8/` (and the same for event pages)."""

    permanent = True
    query_string = True

    def get_redirect_url(self, year, month, day, slug=None):
        kwargs = {"year": year, "month": month, "day": day}
        if slug is None:
            return reverse("events:day", kwargs=kwargs)
        return reverse("events:event", kwargs={**kwargs, "slug": slug})
