"""Template helpers for the public pages: links, structured data, absolute and paged addresses."""

import html
import json
from functools import lru_cache

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from events.paths import day_path, event_path, route, site_paths
from events.public import fragments

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
    """`{{ data|json_ld }}`: a schema.org data block, escaped for the inside of <script>."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for character, escaped in SCRIPT_SAFE:
        text = text.replace(character, escaped)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


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


@register.simple_tag(takes_context=True)
def meta_tags(context, title, description="", image="", type="website"):  # noqa: A002
    """`{% meta_tags title=... description=... image=... type="article" %}`: the page's
    description and OpenGraph tags (its address is the request's)."""
    description = description or DEFAULT_DESCRIPTION
    url = context["request"].build_absolute_uri(context["request"].path)
    tags = [
        ("name", "description", description),
        ("property", "og:site_name", "Newsroom"),
        ("property", "og:type", type),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", url),
    ]
    if image:
        tags.append(("property", "og:image", image))
    return mark_safe(  # noqa: S308 (every value escaped)
        "\n  ".join(
            f'<meta {kind}="{name}" content="{html.escape(str(value))}">'
            for kind, name, value in tags
        )
    )


@register.filter
def event_url(event):
    """`{{ event|event_url }}`: the event's page, as `get_absolute_url()` gives it."""
    return event_path(event.date, event.slug)


@register.filter
def day_url(day):
    """`{{ event.date|day_url }}`: the day page of a date; no date, no address."""
    return day_path(day) if day else ""


# The fragments every listed event repeats are built in Python (events.public.fragments).


@register.filter
def day_articles(events):
    """`{{ events|day_articles }}`: the events of a day page, an <article> each."""
    articles = "\n".join(fragments.day_article(event) for event in events)
    return mark_safe(articles)  # noqa: S308 (escaped in fragments)


@register.filter
def list_item(event, heading=""):
    """`{{ event|list_item:"h3" }}`: one event of a topic or search page (h2 headline unless
    told otherwise), as a list item."""
    heading = heading if heading in fragments.HEADINGS else "h2"
    return mark_safe(fragments.list_item(event, heading))  # noqa: S308 (escaped in fragments)


@register.filter
def summary(event):
    """`{{ event|summary }}`: a <p> per paragraph of the event's summary."""
    return mark_safe(fragments.summary_paragraphs(event))  # noqa: S308 (escaped in fragments)


@register.filter
def sources_line(outlets):
    """`{{ event.listed_outlets|sources_line }}`: "Sources: BBC, Reuters", each linking out."""
    return mark_safe(fragments.sources_line(outlets))  # noqa: S308 (escaped in fragments)


@register.filter
def topics_line(topics):
    """`{{ topics|topics_line }}`: "Topics:" and a tag per topic ((name, slug, ...) tuples)."""
    return mark_safe(fragments.topics_line(topics))  # noqa: S308 (escaped in fragments)


@register.filter
def dated(day, format_string):
    """`{{ day|dated:"j F Y" }}`: the `date` filter for calendar dates, worked out once each."""
    return fragments.date_label(day, format_string) if day else ""


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
