from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Sources"

    def ready(self):
        from .models import outlet_counts

        outlet_counts.connect_signals(self)
