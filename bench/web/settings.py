"""Settings for `make bench-web`: production's, served over plain HTTP on loopback.

Adds one trivial view (bench/web/urls.py) as the yardstick; it exists only under these settings.
"""

from newsroom.settings.prod import *  # noqa: F403

ROOT_URLCONF = "bench.web.urls"
# wrk speaks plain HTTP to 127.0.0.1; production's HTTPS redirect would answer every request 301.
SECURE_SSL_REDIRECT = False
# Collected static files stay with the other benchmark data.
STATIC_ROOT = BASE_DIR / "bench-data" / "static"  # noqa: F405
