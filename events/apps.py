from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from . import cache_invalidation, signals  # noqa: F401  (connect their handlers)
        from .revisions import register_models

        register_models()
