from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from . import signals  # noqa: F401  (connects the link-resolution handler)
        from .revisions import register_models

        register_models()
