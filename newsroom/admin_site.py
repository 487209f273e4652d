"""The admin site: its home page is the editors' desk, and its index keeps what only
superusers need (accounts, groups, sign-in lockouts) apart from the editorial work."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import path
from django.utils.translation import gettext_lazy as _

# Apps whose models only superusers manage: shown in a section of their own.
SUPERUSER_APPS = ("auth", "axes")
EDITORIAL_APPS = ("events", "sources")


class NewsroomAdminSite(admin.AdminSite):
    site_header = _("Newsroom")
    site_title = _("Newsroom admin")
    index_title = _("Editorial desk")
    index_template = "admin/desk.html"
    # The desk and the pages' own links replace the sidebar, which took a quarter of a
    # 1280-pixel window from the forms and lists.
    enable_nav_sidebar = False

    def index(self, request, extra_context=None):
        from events.admin.desk import desk_context  # the events app registers with this site

        context = {**desk_context(request, self), **(extra_context or {})}
        return super().index(request, context)

    def get_urls(self):
        """Django's "view on site" shortcut (`r/<content type>/<id>/`) replaced by one that
        asks for the right to view the object (newsroom.view_on_site)."""
        from newsroom.view_on_site import view_on_site  # models: only once the apps are ready

        guarded = path(
            "r/<int:content_type_id>/<path:object_id>/",
            self.admin_view(view_on_site(self)),
            name="view_on_site",
        )
        others = [url for url in super().get_urls() if getattr(url, "name", None) != guarded.name]
        return [guarded, *others]

    def get_app_list(self, request, app_label=None):
        """Editorial apps first, then the superusers' own section."""
        app_list = super().get_app_list(request, app_label)
        order = {label: n for n, label in enumerate(EDITORIAL_APPS)}
        app_list.sort(
            key=lambda app: (app["app_label"] in SUPERUSER_APPS, order.get(app["app_label"], 99))
        )
        for app in app_list:
            app["superuser_only"] = app["app_label"] in SUPERUSER_APPS
        return app_list


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsroom.admin_site.NewsroomAdminSite"

    def ready(self):
        super().ready()  # registers every app's admin
        from taggit.models import Tag

        # Topics are taggit's tags here (events.models.Topic); its own Tag model is unused.
        if admin.site.is_registered(Tag):
            admin.site.unregister(Tag)
