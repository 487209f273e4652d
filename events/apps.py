from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from events.editorial.revisions import register_models

        from . import cache_invalidation, links  # noqa: F401  (connect their handlers)

        register_models()
