"""Template helpers for the public pages: structured data, absolute and paged addresses."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


@register.filter
def day_url(day):
    """The day page of a date: `{{ event.date|day_url }}`; no date, no address."""
    if not day:
        return ""
    return reverse("events:day", kwargs={"year": day.year, "month": day.month, "day": day.day})


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
