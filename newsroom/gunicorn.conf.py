"""gunicorn's settings for `make serve` and production.

gunicorn --config newsroom/gunicorn.conf.py --bind 0.0.0.0:8000 newsroom.wsgi:application
"""

import os


def usable_cores() -> int:
    """The cores this process may run on (a container's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# Sync workers serve one request each at a time, and a request spends part of its time waiting
# for PostgreSQL or Redis, not on the CPU. About two workers per core keep every core busy
# through those waits without piling up memory (gunicorn's own advice: 2 x cores + 1).
# WEB_CONCURRENCY sets the count outright, e.g. on a machine shared with the database.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * usable_cores() + 1)
timeout = 30
graceful_timeout = 30
# A fresh worker now and then keeps slow memory growth in check; the jitter keeps the workers
# from restarting all at once.
max_requests = 10000
max_requests_jitter = 1000
# Nothing here uses gunicorn's runtime control socket; without it, several servers can run on
# one machine (tests, benchmarks) without fighting over its path.
control_socket_disable = True

# One line per request on stdout, for the platform's log collector: the client as the load
# balancer saw it, the request, status, size, and how long the app took (milliseconds).
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s %({x-forwarded-for}i)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
