# Newsroom. The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
BACKEND_PORT ?= 8001
N ?= 100000

.PHONY: run serve setup lock test test-deps varnish-deps bench-deps lint format check vcl-check vcl-parameters \
	bench bench-import bench-web bench-dump bench-sources bench-day stress stress-fuzz \
	stress-load bench-smoke smoke-files smoke-served bench-purges clean

## Set everything up, import the sample archive and serve the site on http://127.0.0.1:8000/
run: setup .env
	$(PY) manage.py migrate --no-input
	$(PY) manage.py import_archive demo/archive
	$(PY) manage.py create_admin
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production settings on this machine, over plain HTTP to 127.0.0.1 (newsroom.settings.serve:
# cookies over HTTP, for this machine's host names only); the secret key is .env's.
SERVE_SETTINGS ?= newsroom.settings.serve
PROD_HERE = DJANGO_SETTINGS_MODULE=$(SERVE_SETTINGS) \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-0}"

## Serve as production does: migrate, collect static files, make sure of an admin login, Varnish
## on $(HOST):$(PORT) in front of gunicorn on 127.0.0.1:$(BACKEND_PORT), its address written to
## .env.serve while it serves (every process of the checkout purges it); Ctrl-C stops both
serve: setup .env varnish-deps
	$(PROD_HERE) $(PY) manage.py migrate --no-input
	$(PROD_HERE) $(PY) manage.py collectstatic --no-input --verbosity 0
	$(PROD_HERE) $(PY) manage.py create_admin
	$(PROD_HERE) HOST=$(HOST) PORT=$(PORT) BACKEND_PORT=$(BACKEND_PORT) VENV=$(VENV) \
		deploy/serve.sh

## Run the whole test suite (SQLite, or the database in DATABASE_URL), one worker per core
## (TEST_WORKERS=0 runs it in one process); a test file's tests share a worker, so the
## fixtures a file starts once (a Varnish, a browser) start once
TEST_WORKERS ?= auto
test: setup test-deps
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# Debian packages, installed when missing (as root); otherwise stop with what to install: no
# test is ever skipped for want of one. $(call apt_install,<packages>,<who needs them>)
define apt_install
	@if [ -n "$(strip $(1))" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(strip $(1)); \
		else \
			echo "$(2) need: $(strip $(1)). Install them as root:" >&2; \
			echo "  sudo apt-get install -y $(strip $(1))" >&2; \
			exit 1; \
		fi; \
	fi
endef

# Varnish and its xkey module (varnish-modules): `make serve` and the Varnish tests.
VARNISH_PACKAGES := $(if $(wildcard /usr/sbin/varnishd),,varnish) \
	$(if $(wildcard /usr/lib/*/varnish/vmods/libvmod_xkey.so),,varnish-modules)
varnish-deps:
	$(call apt_install,$(VARNISH_PACKAGES),Varnish and its xkey module)

# Browser tests drive Debian's chromium; the HTML checker runs on Java; the Varnish tests start
# a real varnishd.
# On PostgreSQL (DATABASE_URL), each local server's RUM extension (a server, not a client
# alone): the phrase index (events/models/search_phrases.py), which the PostgreSQL tests expect.
PG_VERSIONS := $(patsubst /usr/lib/postgresql/%/bin/postgres,%,$(wildcard /usr/lib/postgresql/*/bin/postgres))
RUM_PACKAGES := $(if $(findstring postgres,$(DATABASE_URL)),$(foreach version,$(PG_VERSIONS),\
	$(if $(wildcard /usr/lib/postgresql/$(version)/lib/rum.so),,postgresql-$(version)-rum)))
TEST_PACKAGES := $(if $(wildcard /usr/bin/chromium),,chromium) $(if $(wildcard /usr/bin/java),,default-jre-headless) $(VARNISH_PACKAGES) \
	$(RUM_PACKAGES)
test-deps:
	$(call apt_install,$(TEST_PACKAGES),The tests)

# The web benchmark loads pages with wrk and compares Varnish with nginx serving a file.
BENCH_PACKAGES := $(if $(wildcard /usr/bin/wrk),,wrk) $(if $(wildcard /usr/sbin/nginx),,nginx) \
	$(VARNISH_PACKAGES)
bench-deps:
	$(call apt_install,$(BENCH_PACKAGES),The web benchmark and the stress test)

setup: $(VENV)/.installed

# The virtualenv holds the lock and nothing else: made anew whenever a lock file changes (so a
# package dropped from it goes too), every file checked against its hash. The pip that
# `python -m venv` brings installs it: upgrading pip first would fetch whatever pip is newest,
# unpinned and unchecked.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv --clear $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes \
		-r requirements-dev.txt
	touch $@

# Every platform's files of each pinned release are hashed (--universal): the lock does not
# depend on the machine that wrote it. The dev lock is held to the runtime lock's versions,
# so the tests run on exactly what production installs.
LOCK_COMPILE = $(VENV)/bin/uv pip compile --quiet --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make lock" $(LOCK_ARGS)

## Write the lock files, requirements.txt and requirements-dev.txt (every package, pinned, with
## its hashes), from requirements.in and requirements-dev.in. Versions already locked stay;
## LOCK_ARGS=--upgrade moves every package to its newest release, or
## LOCK_ARGS="--upgrade-package NAME" one package
lock: setup
	@rm -rf $(VENV)/lock-before && mkdir $(VENV)/lock-before
	@cp -p requirements.txt requirements-dev.txt $(VENV)/lock-before/
	$(LOCK_COMPILE) requirements.in --output-file requirements.txt
	$(LOCK_COMPILE) requirements-dev.in --constraint requirements.txt \
		--output-file requirements-dev.txt
	@# A lock written again unchanged keeps its time: `make setup` rebuilds only for a change.
	@for lock in requirements.txt requirements-dev.txt; do \
		if cmp -s $$lock $(VENV)/lock-before/$$lock; then \
			touch -r $(VENV)/lock-before/$$lock $$lock; \
		else \
			echo "$$lock changed: make setup installs it"; \
		fi; \
	done

# A per-machine secret for local runs; never committed.
.env:
	cp .env.example .env
	sed -i "s|^DJANGO_SECRET_KEY=.*|DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')|" .env

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

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

## Compile the Varnish configuration (varnishd wants its absolute path; -C prints the C code
## on stderr, shown here only when the compiler fails)
## Write the VCL's per-page parameter lists from newsroom/query_parameters.py's table
vcl-parameters: setup
	$(PY) manage.py vcl_parameters

vcl-check: varnish-deps
	@out=$$(varnishd -C -f $(CURDIR)/deploy/varnish/newsroom.vcl 2>&1) || \
		{ echo "$$out" | tail -n 20 >&2; exit 1; }
	@echo "deploy/varnish/newsroom.vcl compiles"

bench: bench-import bench-web bench-dump

## Import, re-import and export N generated events (SQLite, or PostgreSQL via DATABASE_URL)
bench-import: setup
	$(PY) bench/bench_import.py --events $(N)

## Serve N generated events; load, side by side, a trivial Django view and the day page under
## gunicorn, the day page from Varnish, and the same bytes from nginx
bench-web: setup bench-deps
	$(PY) bench/bench_web.py --events $(N) $(BENCH_ARGS)

## A replayed day through `make serve`'s stack (deploy/serve.sh: gunicorn behind Varnish) on
## bench-web's N-event database: readers from an open-loop generator of our own at a fixed
## offered rate (Zipf over every public address by kind and recency, searches from a Zipf list),
## editors writing through the admin's forms with a bot reading each change back, a re-import
## of changed files and a link check against local hosts; warm-up, then the measured phase.
## BENCH_ARGS: --rate 1500 --seconds 300 --warm-seconds 120 (defaults), --capacity (then
## steps of 250 requests/s), --database-url postgres://... (see bench/bench_day.py)
bench-day: setup bench-deps
	$(PY) bench/bench_day.py --events $(N) $(BENCH_ARGS)

SIZES ?= 10000,100000
DB ?= sqlite
REPEAT ?= 40
BUDGET ?= 60

## How costs grow with the archive: SIZES (comma-separated events) on DB (sqlite, or postgresql
## with DATABASE_URL), each archive and database built once under bench-data/scale/ and reused:
## import, re-import, export and dump (time, peak memory), then every page kind, search, API
## endpoint and admin page, REPEAT requests each (at most BUDGET seconds once 10 are timed:
## median, p95, max), the page's statements replayed alone (its floor), and each target's verdict
bench-scale: setup
	$(PY) bench/bench_scale.py --sizes $(SIZES) --db $(DB) --repeat $(REPEAT) --budget $(BUDGET)

## check_sources over 10,000 sources on 50 local hosts (127.0.0.1-50) answering after 20 ms,
## politeness on (one request at a time per host, 50 ms apart): links per second, peak memory
bench-sources: setup
	$(PY) bench/bench_sources.py $(BENCH_ARGS)

## Objects purged per edit, by kind of edit (headline, summary, topic, source, publish, day
## reorder) and of page, against the pages a cache holds of bench-web's N-event database (every
## page of its last 30 days, the 200 biggest topics, 2,000 searches and API lists)
bench-purges: setup
	$(PY) bench/purge_counts.py --events $(N) $(BENCH_ARGS)

## Dump the N-event database that bench-web builds (export_dump), with time and peak memory
## (targets: under 30 s and 300 MB)
bench-dump: setup
	@test -f bench-data/web-$(N)/db.sqlite3 || { echo "make bench-web builds the database first" >&2; exit 1; }
	rm -rf bench-data/media
	DJANGO_SETTINGS_MODULE=newsroom.settings.prod DJANGO_ALLOWED_HOSTS=localhost \
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DATABASE_URL=sqlite:///$(CURDIR)/bench-data/web-$(N)/db.sqlite3 \
	DJANGO_MEDIA_ROOT=$(CURDIR)/bench-data/media \
	/usr/bin/time -v $(PY) manage.py export_dump bench --verbosity 2

## Hardening, the long runs: 10,000 fuzzed import cases, 10,000 generated texts through every
## output, the read API fuzzed against its schema (500 cases per endpoint), the write oracle
## (tests/test_write_oracle.py: 1,000 steps on SQLite, 200 on PostgreSQL; ORACLE_STEPS=N for
## another number) (stress-fuzz), then N events served by gunicorn alone (cold) and through
## Varnish (warm), loaded with wrk for 60 s while an import keeps changing them (zero errors and
## no stale page to pass) (stress-load)
stress: stress-fuzz stress-load

stress-fuzz: setup test-deps
	HYPOTHESIS_PROFILE=stress $(PY) -m pytest tests/test_hardening_fuzz_import.py \
		tests/test_hardening_archive_files.py tests/test_hardening_renderable_text.py -q \
		-p no:cacheprovider --hypothesis-show-statistics
	HYPOTHESIS_PROFILE=stress $(PY) -m pytest tests/test_api_schema.py -q -p no:cacheprovider
	HYPOTHESIS_PROFILE=stress ORACLE_STEPS=$(ORACLE_STEPS) $(PY) -m pytest \
		tests/test_write_oracle.py -q -p no:cacheprovider --hypothesis-show-statistics

stress-load: setup bench-deps
	$(PY) bench/stress.py --events $(N) $(STRESS_ARGS)

# Every benchmark and the stress test's load, once, at a tiny size (a few hundred events, seconds
# of load, no target judged): CI runs it so that none breaks unseen. The stress test's fuzzing
# runs in `make test` at its usual number of cases.
SMOKE_N := 300
bench-smoke: setup bench-deps
	$(MAKE) --no-print-directory -j2 --output-sync=target smoke-files smoke-served

# Two tracks that share no file, database or port, run side by side on CI's two cores: the
# benchmarks of files and commands, and those of the served stack (one database, built by the
# first and copied by the others). Their output comes out whole, one track after the other.
smoke-files:
	$(MAKE) --no-print-directory bench-import N=$(SMOKE_N)
	$(MAKE) --no-print-directory bench-sources BENCH_ARGS="--sources 200 --hosts 4 --delay-ms 5"
	$(MAKE) --no-print-directory bench-scale SIZES=$(SMOKE_N) REPEAT=1

smoke-served:
	BREAKDOWN_SECONDS=1 $(MAKE) --no-print-directory bench-web N=$(SMOKE_N) \
		BENCH_ARGS="--seconds 1 --warm-seconds 1 --connections 4"
	$(MAKE) --no-print-directory bench-dump N=$(SMOKE_N)
	$(MAKE) --no-print-directory stress-load N=$(SMOKE_N) \
		STRESS_ARGS="--seconds 2 --rate 200 --cold-rate 20 --days 2 --max-rounds 1"
	$(MAKE) --no-print-directory bench-purges N=$(SMOKE_N) BENCH_ARGS="--edits 2 --queries 20"
	$(MAKE) --no-print-directory bench-day N=$(SMOKE_N) BENCH_ARGS="--rate 50 --seconds 4 \
		--warm-seconds 1 --import-files 10 --check-limit 10"

clean:
	rm -rf $(VENV) staticfiles db.sqlite3* test-artifacts bench-data
