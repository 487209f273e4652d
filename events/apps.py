from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from events.editorial.revisions import register_models

        from .changes import signals  # noqa: F401  (connect the writes' handlers)
        from .models import day_counts, search, topic_counts

        register_models()
        search.connect_signals(self)
        topic_counts.connect_signals(self)
        day_counts.connect_signals(self)
