# Wijkkompas — the two commands: `make demo` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
WK := $(BIN)/wijkkompas
STAMP := $(VENV)/.installed

# pdf-deps: see system-deps.
.PHONY: demo test test-faults install assets system-deps pdf-deps check bench load serve-prod clean messages openapi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,dev,redis]"
	# Build deduce's lookup cache now (about 2 minutes once), not at the first conversation.
	$(WK) deidentify_warmup
	touch $(STAMP)

install: $(STAMP)

# locust (the extra "load"): for `make load`, and for the smoke test of its locustfile in
# `make test`; not needed by the demo.
LOAD_STAMP := $(VENV)/.load-installed
$(LOAD_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e ".[load]"
	touch $(LOAD_STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

var/assets/.built: node_modules/.package-lock.json bin/build-assets.mjs
	node bin/build-assets.mjs
	touch var/assets/.built

assets: var/assets/.built

## Install, migrate the SQLite demo database under var/, load the demo (idempotent) and serve.
demo: install assets pdf-deps
	$(WK) migrate --noinput
	$(WK) collectstatic --noinput --verbosity 0
	$(WK) load_demo
	@echo "Wijkkompas demo: http://127.0.0.1:8000  (accounts: see README.md)"
	@# A background worker runs the tasks (signal updates, access exports) beside the server.
	$(WK) db_worker --interval 0.5 --no-reload -v0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(WK) runserver 127.0.0.1:8000

## Debian packages: Pango, HarfBuzz and a font for the factsheet PDFs (WeasyPrint), needed
## by the demo too (`pdf-deps`); the tests also need Chromium for the browser tests
## (Playwright cannot download a browser here) and gettext for the translation checks.
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
PDF_DEPS_CHECK = missing=""; \
	ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	ldconfig -p | grep -q 'libharfbuzz-subset.so.0' || missing="$$missing libharfbuzz-subset0"; \
	fc-list 2>/dev/null | grep -qi 'dejavu' || missing="$$missing fonts-dejavu-core fontconfig";
pdf-deps:
	@$(PDF_DEPS_CHECK) \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

system-deps:
	@$(PDF_DEPS_CHECK) \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

## The whole suite: SQLite, then PostgreSQL when reachable (mandatory with CI=true).
test: install assets system-deps $(LOAD_STAMP)
	$(WK) collectstatic --noinput --verbosity 0 --settings=wijkkompas.conf.test
	bin/run-tests

## Linters and architecture contracts.
check: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src bench
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=wijkkompas.conf.test $(WK) makemigrations --check --dry-run

## Extract and compile translations (Dutch is the default language).
messages: install
	cd src/wijkkompas && ../../$(WK) makemessages --locale nl --no-obsolete --no-location --ignore "tests/*" --settings=wijkkompas.conf.test
	cd src/wijkkompas && ../../$(WK) compilemessages --locale nl --settings=wijkkompas.conf.test

## Regenerate the committed OpenAPI schema (src/openapi.yaml; tests/api/test_schema.py).
openapi: install
	DJANGO_SETTINGS_MODULE=wijkkompas.conf.test $(WK) spectacular --validate --fail-on-warn --file src/openapi.yaml

## The production set-up on this machine (docs/operators/production.md): gunicorn, RQ workers
## with the scheduler, this machine's PostgreSQL and Redis; the demo data in database
## wijkkompas_prod. Serves http://127.0.0.1:8000 until Ctrl-C.
serve-prod: install assets pdf-deps
	bin/serve-prod

## Faults and recovery (issue 7): each test starts its own PostgreSQL and Redis in a
## temporary directory on other loopback ports; the machine's own services are not touched.
test-faults: install assets system-deps
	bin/run-fault-tests

## Load test (locust, loopback only, bounded in time) against the production set-up at the
## large scale; writes the figures to var/bench.json under "load".
load: install assets pdf-deps $(LOAD_STAMP)
	bin/run-load

## Benchmarks against PostgreSQL (SQLite when none is reachable); writes var/bench.json.
bench: install assets
	bin/run-bench

clean:
	rm -rf $(VENV) node_modules var/assets var/static
