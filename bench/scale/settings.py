"""Settings for `make bench-scale`: production's, requests made in process.

Static files are named as they are (no collected manifest to read): a page's cost is the same.
"""

from bench.web.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
