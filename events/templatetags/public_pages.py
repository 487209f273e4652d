"""Template helpers for the public pages: links, structured data, absolute and paged addresses."""

import json
from functools import lru_cache

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from events.paths import date_label, day_path, event_path, route, site_paths, topic_path

register = template.Library()

DEFAULT_DESCRIPTION = "An archive of news events, one sentence per event, day by day."

# Inside <script>, "</script>" or "<!--" in a headline would end or bend the element; JSON
# allows these characters as \u escapes, so nothing a user typed can leave the data block.
# (Replaced one character at a time: str.translate with a table looks every character up in
# Python, several times slower on a day page's few kilobytes of data.)
SCRIPT_SAFE = (
    ("<", "\\u003C"),
    (">", "\\u003E"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


@register.filter
def json_ld(data):
    """`{{ data|json_ld }}`: a schema.org data block's JSON, escaped for the inside of the
    <script type="application/ld+json"> element the template writes around it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for character, escaped in SCRIPT_SAFE:
        text = text.replace(character, escaped)
    return mark_safe(text)  # noqa: S308 (JSON with every character that could end <script> escaped)


@register.simple_tag(name="route")
def route_tag(name, *args):
    """`{% route "events:month" 2012 2 %}`: `{% url %}` for the public pages, remembered."""
    return route(name, *args)


@register.simple_tag(name="site_paths")
def site_paths_tag():
    """`{% site_paths as site %}`: the site-wide addresses (`site.home`, ...) at once."""
    return site_paths()


@register.simple_tag(takes_context=True)
def site_header(context):
    """`{% site_header %}`: the header, its link to the current page marked."""
    match = context["request"].resolver_match
    return remembered("includes/site_header.html", current=match.url_name if match else "")


@register.simple_tag
def site_footer():
    return remembered("includes/site_footer.html")


def remembered(template_name: str, **values) -> str:
    """A fragment that depends only on `values`, the code and the URLconf, rendered once per
    process (every render while developing, so template edits show at once)."""
    if settings.DEBUG:
        return _render_fragment(template_name, tuple(values.items()))
    return _remembered_fragment(template_name, tuple(values.items()))


def _render_fragment(template_name: str, values: tuple) -> str:
    return mark_safe(render_to_string(template_name, {"site": site_paths(), **dict(values)}))  # noqa: S308


_remembered_fragment = lru_cache(maxsize=64)(_render_fragment)


@register.inclusion_tag("includes/meta_tags.html", takes_context=True)
def meta_tags(context, title, description="", image="", type="website"):  # noqa: A002
    """`{% meta_tags title=... description=... image=... type="article" %}`: the page's
    description and OpenGraph tags (its address is the request's)."""
    request = context["request"]
    return {
        "title": title,
        "description": description or DEFAULT_DESCRIPTION,
        "type": type,
        "url": request.build_absolute_uri(request.path),
        "image": image,
    }


@register.filter
def event_url(event):
    """`{{ event|event_url }}`: the event's page, as `get_absolute_url()` gives it."""
    return event_path(event.date, event.slug)


@register.filter
def day_url(day):
    """`{{ event.date|day_url }}`: the day page of a date; no date, no address."""
    return day_path(day) if day else ""


HEADINGS = ("h2", "h3")  # what a list's headlines may be, by the page's outline


@register.filter
def heading_level(heading):
    """`{{ heading|heading_level }}`: the list's headline element, h2 unless told h3."""
    return heading if heading in HEADINGS else "h2"


@register.filter
def topic_url(slug):
    """`{{ topic.slug|topic_url }}`: a topic's page."""
    return topic_path(slug)


@register.filter
def dated(day, format_string):
    """`{{ day|dated:"j F Y" }}`: the `date` filter for calendar dates, worked out once each."""
    return date_label(day, format_string) if day else ""


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's own address: absolute, with its page number after the first page."""
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    page = context.get("page_obj")  # a page without pages has none
    return f"{url}?page={page.number}" if page is not None and page.number > 1 else url


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """This page's address with another page number, keeping the other query parameters."""
    query = context["request"].GET.copy()
    if number == 1:
        query.pop("page", None)
    else:
        query["page"] = number
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else context["request"].path
