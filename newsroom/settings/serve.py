"""`make serve` on this machine: production's settings, over plain HTTP to 127.0.0.1.

Production's cookies are sent over HTTPS only, so an editor could not sign in to a stack served
over http://127.0.0.1:8000/ (the CSRF cookie never comes back: 403). Here they are sent over
HTTP too, which is safe only where no one else can listen: these settings refuse to start for
any host name but this machine's own, so no production server takes them. Production keeps
newsroom.settings.prod (`manage.py check --deploy` clean).
"""

from django.core.exceptions import ImproperlyConfigured

from .env import env_list
from .prod import *  # noqa: F403

THIS_MACHINE = {"127.0.0.1", "localhost", "::1", "[::1]"}
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

if not ALLOWED_HOSTS or set(ALLOWED_HOSTS) - THIS_MACHINE:
    raise ImproperlyConfigured(
        "newsroom.settings.serve sends cookies over plain HTTP: it serves only this machine "
        f"({', '.join(sorted(THIS_MACHINE))}), not DJANGO_ALLOWED_HOSTS={ALLOWED_HOSTS!r}. "
        "Serve other hosts with newsroom.settings.prod behind HTTPS."
    )

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
