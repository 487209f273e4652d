# Newsroom. The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
N ?= 100000

.PHONY: run serve setup test test-deps lint format check bench bench-import bench-web stress clean

## Set everything up, import the sample archive and serve the site on http://127.0.0.1:8000/
run: setup .env
	$(PY) manage.py migrate --no-input
	$(PY) manage.py import_archive demo/archive
	$(PY) manage.py create_admin
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production settings on this machine, over plain HTTP to 127.0.0.1; the secret key is .env's.
PROD_HERE = DJANGO_SETTINGS_MODULE=newsroom.settings.prod \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-0}"

## Serve as production does: migrate, collect static files, gunicorn (Redis cache if REDIS_URL)
serve: setup .env
	$(PROD_HERE) $(PY) manage.py migrate --no-input
	$(PROD_HERE) $(PY) manage.py collectstatic --no-input --verbosity 0
	$(PROD_HERE) $(VENV)/bin/gunicorn --config newsroom/gunicorn.conf.py \
		--bind $(HOST):$(PORT) newsroom.wsgi:application

## Run the whole test suite (SQLite, or the database in DATABASE_URL)
test: setup test-deps
	$(PY) -m pytest $(PYTEST_ARGS)

# Browser tests drive Debian's chromium; the HTML checker runs on Java; the cache tests also run
# on Redis. Installed when missing (as root); otherwise stop with what to install: browser tests
# are never skipped silently.
TEST_PACKAGES := $(if $(wildcard /usr/bin/chromium),,chromium) $(if $(wildcard /usr/bin/java),,default-jre-headless) $(if $(wildcard /usr/bin/redis-server),,redis-server)
test-deps:
	@if [ -n "$(strip $(TEST_PACKAGES))" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(TEST_PACKAGES); \
		else \
			echo "The tests need: $(strip $(TEST_PACKAGES)). Install them as root:" >&2; \
			echo "  sudo apt-get install -y $(strip $(TEST_PACKAGES))" >&2; \
			exit 1; \
		fi; \
	fi

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# A per-machine secret for local runs; never committed.
.env:
	cp .env.example .env
	sed -i "s|^DJANGO_SECRET_KEY=.*|DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')|" .env

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Django's system checks, production's deploy checks and a missing-migration check
check: setup
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=newsroom.settings.prod DJANGO_ALLOWED_HOSTS=newsroom.example \
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	$(PY) manage.py check --deploy --fail-level WARNING

bench: bench-import bench-web

## Import, re-import and export N generated events (SQLite, or PostgreSQL via DATABASE_URL)
bench-import: setup
	$(PY) bench/bench_import.py --events $(N)

## Serve N generated events with gunicorn; load the day, event and topic pages and a trivial view
bench-web: setup
	@command -v wrk >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk; \
		else echo "bench-web needs wrk: sudo apt-get install -y wrk" >&2; exit 1; fi; }
	$(PY) bench/bench_web.py --events $(N) $(BENCH_ARGS)

## Hardening, the long runs: 10,000 fuzzed import cases, then N events served with gunicorn and
## loaded with wrk for 60 s while an import keeps changing them (zero errors to pass)
stress: setup test-deps
	HYPOTHESIS_PROFILE=stress $(PY) -m pytest tests/test_hardening_fuzz_import.py -q \
		-p no:cacheprovider --hypothesis-show-statistics
	@command -v wrk >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk; \
		else echo "stress needs wrk: sudo apt-get install -y wrk" >&2; exit 1; fi; }
	$(PY) bench/stress.py --events $(N) $(STRESS_ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3* test-artifacts bench-data
