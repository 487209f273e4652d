"""WSGI entry point for gunicorn; production settings unless told otherwise."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.prod")

django_application = get_wsgi_application()

from events.page_cache import CachedPageFront  # noqa: E402 (needs the apps loaded above)

# Cached public pages are answered before Django's request handling (events.page_cache).
application = CachedPageFront(django_application)
