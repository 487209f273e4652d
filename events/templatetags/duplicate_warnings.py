"""`{% possible_duplicates %}`: the last save's warning of similar events, shown once."""

from django import template

from ..admin import duplicate_warnings

register = template.Library()


@register.inclusion_tag("admin/events/event/possible_duplicates.html", takes_context=True)
def possible_duplicates(context):
    request = context.get("request")
    return {"warning": duplicate_warnings.take(request) if request is not None else None}
