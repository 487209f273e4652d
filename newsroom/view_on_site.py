"""The admin's "view on site" shortcut (`/admin/r/<content type>/<id>/`), for those who may
view the object in the admin.

Django's own answers any staff account, and its redirect names the object's public address:
for a draft (or a topic only drafts carry) that address is itself a secret, and ids can be
counted through. Here the model's admin must grant its view (or change) permission first.
"""

from django.contrib.admin.exceptions import NotRegistered
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied
from django.http import Http404


def view_on_site(site):
    """The shortcut view for the admin `site`: 404 for a model it does not manage, 403 for
    staff who may not view that model, else Django's redirect to the object's address."""

    def view(request, content_type_id, object_id):
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            model_admin = site.get_model_admin(model)
        except (ContentType.DoesNotExist, NotRegistered):
            raise Http404("No such kind of object here.") from None
        if not model_admin.has_view_or_change_permission(request):
            raise PermissionDenied
        return shortcut(request, content_type_id, object_id)

    return view
