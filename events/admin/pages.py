"""Shared pieces of the admin's own pages: their context, action pages, the event a URL names."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def page(model_admin, request, template: str, title: str, **context) -> TemplateResponse:
    """A page in the admin's frame, with its header, breadcrumbs and sidebar context."""
    request.current_app = model_admin.admin_site.name
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "opts": model_admin.opts,
        **context,
    }
    return TemplateResponse(request, template, context)


def action_page(model_admin, request, template, *, title, action, selected, **context):
    """The page a changelist action shows to ask one more thing before it acts."""
    return page(
        model_admin,
        request,
        template,
        title,
        action_name=action,
        selected_ids=[obj.pk for obj in selected],
        action_checkbox_name=ACTION_CHECKBOX_NAME,
        **context,
    )


def event_for(model_admin, request, object_id, *, change=False):
    """The event in the URL, if this user may see it (or, with `change`, change it)."""
    event = model_admin.get_object(request, unquote(object_id))
    if event is None:
        raise Http404(_("No such event."))
    if change:
        allowed = model_admin.has_change_permission(request, event)
    else:
        allowed = model_admin.has_view_or_change_permission(request, event)
    if not allowed:
        raise PermissionDenied
    return event
