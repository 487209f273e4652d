"""Template helpers for the public pages: links, structured data, absolute and paged addresses."""

import html
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from events.paths import day_path, event_path, route, topic_path

register = template.Library()

# Inside <script>, "</script>" or "<!--" in a headline would end or bend the element; JSON
# allows these characters as \u escapes, so nothing a user typed can leave the data block.
SCRIPT_SAFE = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


@register.filter
def json_ld(data):
    """`{{ data|json_ld }}`: a schema.org data block, escaped for the inside of <script>."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_SAFE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(name="route")
def route_tag(name, *args):
    """`{% route "events:month" 2012 2 %}`: `{% url %}` for the public pages, remembered."""
    return route(name, *args)


@register.filter
def event_url(event):
    """`{{ event|event_url }}`: the event's page, as `get_absolute_url()` gives it."""
    return event_path(event.date, event.slug)


@register.filter
def day_url(day):
    """`{{ event.date|day_url }}`: the day page of a date; no date, no address."""
    return day_path(day) if day else ""


# The outlets and topics of a listed event are the most repeated fragments of the public pages.
# They are built here rather than with {% for %} and {% include %}, which profiling showed to
# cost most of a day page's time. Every value is escaped on the way in (html.escape, which
# Django's escape wraps).


@register.filter
def sources_line(outlets):
    """`{{ event.listed_outlets|sources_line }}`: "Sources: BBC, Reuters", each linking out."""
    links = (
        f'<a href="{html.escape(o.url)}" rel="noopener nofollow ugc">{html.escape(o.name)}</a>'
        for o in outlets
    )
    return labelled_line("sources", "Sources", ", ".join(links))


@register.filter
def topics_line(topics):
    """`{{ event.listed_topics|topics_line }}`: "Topics:" and a tag per topic (name and slug)."""
    links = (
        f'<a class="tag" href="{html.escape(topic_path(t.slug))}">{html.escape(t.name)}</a>'
        for t in topics
    )
    return labelled_line("topics", "Topics", " ".join(links))


def labelled_line(css_class: str, label: str, links: str) -> str:
    """A paragraph of already escaped links after a label; nothing at all without links."""
    if not links:
        return ""
    return mark_safe(f'<p class="{css_class}"><span class="label">{label}:</span> {links}</p>')  # noqa: S308


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


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
