"""Settings shared by every environment. Values that differ come from the environment."""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from dotenv import load_dotenv

from .env import env_bool, env_int, env_list
from .stack import read_serving_stack

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# A running `make serve` says where its Varnish is (newsroom.settings.stack); then a local .env
# (never committed; see .env.example) fills in what the shell did not set.
read_serving_stack(BASE_DIR)
load_dotenv(BASE_DIR / ".env", override=False)

DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "newsroom.admin_site.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "taggit",
    "django_filters",
    "reversion",
    "axes",
    "csp",
    # The read API (events/api/); listed for its documentation page's template and assets.
    "ninja",
    "events",
    "sources",
]

MIDDLEWARE = [
    # First, so it sees every response as it leaves: says how shared caches may keep it
    # (Cache-Control, surrogate keys; events.http_cache.headers).
    "events.http_cache.headers.SharedCacheMiddleware",
    # The API is open to scripts of any site (events.api.headers), its 304s included.
    "events.api.headers.OpenToOtherSitesMiddleware",
    # ETags for every page and 304s for readers who hold it, also without a front cache.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything looks up a path, parameter or cookie: a NUL is a 404 or a 400.
    "newsroom.null_characters.NullCharacterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A public page sees only the parameters it takes, as behind Varnish (the one table of
    # them: newsroom.query_parameters).
    "newsroom.query_parameters.KnownParametersMiddleware",
    # Last, so it sees a view's 404 first: moved events and topics answer with a 301.
    "events.editorial.redirects.RedirectFallbackMiddleware",
    # Answers a locked-out sign-in with the lockout page (see AXES_* below).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

# The public pages are Jinja2 templates (templates/jinja2/, events.public.jinja2); the admin,
# forms and the rest of Django are Django templates (templates/ and the apps'). Jinja2 first.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "events.public.jinja2.environment"},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL names another database (PostgreSQL in
# production). conn_max_age keeps connections open between requests under gunicorn.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that stops answering must not hold a worker for ever: connecting gives up
    # after 5 s (libpq's floor is 2), and TCP keepalives find a dead peer or path within ~30 s.
    # A server that accepts and then never answers is caught by nothing at this level: the
    # health check keeps its own deadline (newsroom/health.py).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": 5,
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
            "tcp_user_timeout": 30000,  # ms: unacknowledged data to a vanished host
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while an import writes; the timeout waits for the writer's lock.
    # Connections stay open too (conn_max_age above): a gunicorn sync worker serves one request
    # at a time, and closing the last connection to a WAL database checkpoints it every time.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a sign-in while its username is locked out from that address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair out for an hour: a
# guesser is stopped, and no one can lock an editor out from elsewhere. A correct sign-in
# clears the count. Unlock early with `manage.py axes_reset_username <name>`.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Lockouts go by the reader's address, not Varnish's or the load balancer's (which would lock
# everyone out at once): X-Forwarded-For, believed only from NEWSROOM_TRUSTED_PROXIES.
AXES_CLIENT_IP_CALLABLE = "newsroom.client_ip.behind_load_balancer"

# Response headers. Pages run no inline script (the JSON-LD data blocks are not run) and no
# inline style; cover images come from other sites; no one may frame the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "https:", "http:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
# One date and time format across the admin (2026-12-01 14:30 UTC): newsroom/formats/.
FORMAT_MODULE_PATH = ["newsroom.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico, /apple-touch-icon.png): WhiteNoise
# serves them there, with the same cache headers as the other static files of no fixed name.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
# Uploaded and generated files. Served by the web server or the bucket in front, never by a
# gunicorn worker (DEBUG's runserver serves them locally).
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL") or "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # The data dumps (`export_dump`, events.dumps): a local folder by default; in production
    # a storage every server shares (django-storages' S3 backend, say), whose own addresses
    # the API links to.
    "dumps": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT / "dumps", "base_url": f"{MEDIA_URL}dumps/"},
    },
}

# Topic names are kept exactly as the archive writes them ("Chongqing", "Wang Lijun").
TAGGIT_CASE_INSENSITIVE = False

# The front caches (Varnish, deploy/varnish/newsroom.vcl) to purge after a write, as base
# addresses: "http://10.0.0.5:80/,http://10.0.0.6:80/". Empty: no front cache, nothing to purge.
NEWSROOM_PURGE_URLS = env_list("NEWSROOM_PURGE_URLS", [])
# How long shared caches may keep a public page: long, since every write purges exactly what it
# changes (never past the next scheduled publish time; events.http_cache.headers).
NEWSROOM_SHARED_MAX_AGE = env_int("NEWSROOM_SHARED_MAX_AGE", 24 * 60 * 60)
NEWSROOM_STALE_WHILE_REVALIDATE = 30
# The proxies in front of the app servers (Varnish, a load balancer), by address: only their
# X-Forwarded-For is believed when telling who a reader is (newsroom.client_ip).
NEWSROOM_TRUSTED_PROXIES = env_list("NEWSROOM_TRUSTED_PROXIES", ["127.0.0.1", "::1"])

# The sample archive shipped with the project, imported by `make run`.
DEMO_ARCHIVE_DIR = BASE_DIR / "demo" / "archive"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Fetching other sites (sources: check_sources, capture_sources). The User-Agent names the
# site, so their owners know who asks; robots.txt is read for this name.
NEWSROOM_FETCH_USER_AGENT = os.environ.get(
    "NEWSROOM_FETCH_USER_AGENT", "NewsroomBot/1.0 (+https://newsroom.example/about/bots)"
)
# Pause between two requests to the same host, in milliseconds (one request at a time each).
NEWSROOM_FETCH_HOST_DELAY_MS = env_int("NEWSROOM_FETCH_HOST_DELAY_MS", 1000)
# For tests and benchmarks only, which serve pages on 127.0.0.1: lets the fetcher reach
# loopback and private addresses. Never on in production (the fetcher would reach internal
# services for whoever can add a source).
NEWSROOM_FETCH_ALLOW_PRIVATE = env_bool("NEWSROOM_FETCH_ALLOW_PRIVATE", False)

# /healthz answers within this many seconds, whatever hangs behind it (newsroom/health.py);
# the database it checks (an alias of DATABASES).
NEWSROOM_HEALTH_DEADLINE = 2.5
NEWSROOM_HEALTH_DATABASE = "default"
