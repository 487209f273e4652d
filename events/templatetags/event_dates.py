"""`{% event_date_hierarchy cl %}`: the events changelist's date drill-down, period by period
through the date index (events.admin.date_drilldown), in Django's own template."""

from django import template

from ..admin.date_drilldown import drilldown

register = template.Library()


@register.inclusion_tag("admin/date_hierarchy.html")
def event_date_hierarchy(cl):
    return drilldown(cl)
