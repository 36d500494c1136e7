# bantin — the two commands that matter: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test test-sqlite test-pg test-pg-split test-prod-stack test-prod-stack-prepare install install-test serve worker lint audit bench bench-load clean lock

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml requirements/constraints.txt | $(PY)
	$(PY) -m pip install --quiet -c requirements/constraints.txt -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -c requirements/constraints.txt -e '.[test]'
	touch $@

install: $(STAMP)

install-test: $(TEST_STAMP)
	scripts/ensure-chromium
	scripts/services install espeak ffmpeg mosquitto mariadb

demo: install
	PORT=$(PORT) scripts/demo

# The suite runs twice: on SQLite with an in-process cache (the embedded default), and on
# PostgreSQL with Redis (production's stack), which scripts/services installs when missing,
# starts on BANTIN_PG_PORT / BANTIN_REDIS_PORT and stops again however the run ends.
# The two runs share nothing (own databases, cache prefixes, media and temporary
# directories; no pytest cache), so `make test` runs them side by side: each is mostly one
# process waiting on another, and together they use both cores. The PostgreSQL run's
# output is kept in var/test-pg.log and printed after the SQLite run's. The Debian packages
# both need are installed first (beside the Python packages: one is mostly the network and
# dpkg, the other pip), so two package installs never race. The MQTT tests start
# a mosquitto of their own (tests/broadcast/mosquitto.py) on a free port, or on
# BANTIN_MQTT_PORT when set. The PostgreSQL run is the longer one, so within `make test`
# its browser tests (-m browser) run in a process of their own beside the rest, with their
# own test database and Redis database number (var/test-pg-browser.log): the three keep
# both cores busy where two left one idle a third of the time, waiting on servers and
# browsers. The production stack's tests run last, alone (test-prod-stack); their stack's
# data (migrated, the demo loaded and indexed: a few minutes of one core) is prepared
# beside the end of the PostgreSQL run, once the SQLite run has left a core free
# (test-prod-stack-prepare, output in var/test-prod-prepare.log).
# PYTEST_ARGS passes options to every run.
PYTEST := $(PY) -m pytest -p no:cacheprovider $(PYTEST_ARGS)
PG_LOG := var/test-pg.log
PG_BROWSER_LOG := var/test-pg-browser.log
PROD_PREPARE_LOG := var/test-prod-prepare.log
PACKAGES_LOG := var/test-packages.log
# Starts PostgreSQL and Redis of the test run's own (data under var/test-services/, free
# ports: a `make prod` or a bench running on the default ports is left alone), exports
# their URLs as BANTIN_TEST_*, and stops them however the recipe's shell ends.
WITH_PG_SERVICES := set -- $$($(PY) -c 'import socket; s = [socket.socket() for _ in range(2)]; \
	  [x.bind(("127.0.0.1", 0)) for x in s]; print(*(x.getsockname()[1] for x in s))'); \
	export BANTIN_SERVICES_DIR=$(CURDIR)/var/test-services BANTIN_PG_PORT=$$1 \
	  BANTIN_REDIS_PORT=$$2; \
	trap 'scripts/services stop redis postgres' EXIT; \
	trap 'exit 130' INT TERM; \
	scripts/services start postgres redis || exit 1; \
	eval "$$(scripts/services env | sed 's/^/export BANTIN_TEST_/')" || exit 1;

test:
	@mkdir -p var; \
	echo "== installing the Python packages, Debian's packages alongside ($(PACKAGES_LOG)) =="; \
	( scripts/ensure-chromium && scripts/services install espeak ffmpeg postgres redis nginx \
	  mosquitto mariadb ) >$(PACKAGES_LOG) 2>&1 & packages=$$!; \
	$(MAKE) --no-print-directory $(TEST_STAMP) || { wait $$packages; exit 1; }; \
	wait $$packages || { cat $(PACKAGES_LOG); echo "make test: a Debian package failed" >&2; exit 1; }; \
	cat $(PACKAGES_LOG); \
	echo "== the PostgreSQL + Redis run goes alongside; its output follows ($(PG_LOG)) =="; \
	( $(MAKE) --no-print-directory test-pg-split >$(PG_LOG) 2>&1 ) & pg=$$!; \
	status=0; \
	$(MAKE) --no-print-directory test-sqlite || status=1; \
	( $(MAKE) --no-print-directory test-prod-stack-prepare >$(PROD_PREPARE_LOG) 2>&1 ) & prep=$$!; \
	wait $$pg || status=1; \
	cat $(PG_LOG); \
	wait $$prep || { status=1; cat $(PROD_PREPARE_LOG); }; \
	$(MAKE) --no-print-directory test-prod-stack || status=1; \
	[ $$status -eq 0 ] || echo "make test: a run failed (see above)" >&2; \
	exit $$status

test-sqlite: install-test
	@echo "== test suite on SQLite =="
	env -u BANTIN_TEST_DATABASE_URL -u BANTIN_TEST_REDIS_URL $(PYTEST)

test-pg: install-test
	@echo "== test suite on PostgreSQL + Redis =="
	$(WITH_PG_SERVICES) \
	$(PYTEST)

# `make test`'s PostgreSQL run: the browser tests in a second process, on the next Redis
# database numbers (the cache's FLUSHDB between tests must not empty the other's). A
# process whose selection holds no test (pytest's status 5, when PYTEST_ARGS names a few
# tests) is not a failure.
test-pg-split: install-test
	@echo "== test suite on PostgreSQL + Redis (browser tests alongside: $(PG_BROWSER_LOG)) =="
	$(WITH_PG_SERVICES) \
	( BANTIN_TEST_REDIS_URL="$${BANTIN_TEST_REDIS_URL%/*}/2" \
	  $(PYTEST) -m browser >$(PG_BROWSER_LOG) 2>&1 ) & browser=$$!; \
	status=0; \
	$(PYTEST) -m "not browser and not prod_stack" || [ $$? -eq 5 ] || status=1; \
	wait $$browser || [ $$? -eq 5 ] || status=1; \
	echo "== browser tests on PostgreSQL + Redis =="; cat $(PG_BROWSER_LOG); \
	exit $$status

# The production stack's tests (tests/live/test_prod_stack.py), alone: `make test` runs
# them after both passes. Their fault test (a worker killed, PostgreSQL restarted, Redis
# stopped, under load) keeps both cores busy with its load: run beside the others it made
# them slower by more than its own time (docs/performance.md, "Test suite"). They bring
# their own PostgreSQL and Redis.
test-prod-stack: install-test
	@echo "== the production stack's tests =="
	env -u BANTIN_TEST_DATABASE_URL -u BANTIN_TEST_REDIS_URL BANTIN_PROD_STACK_TESTS=1 \
	  $(PYTEST) -m prod_stack || [ $$? -eq 5 ]

# The data of the production stack those tests start (`scripts/prod prepare`), in the same
# directory and database as theirs (tests/live/test_prod_stack.py, `prod_env`), on ports
# of its own: the stack's `start` then only starts it. Without it `start` does it all.
PROD_TEST_DIR := $(CURDIR)/var/prod-test
test-prod-stack-prepare: install-test
	@set -- $$($(PY) -c 'import socket; s = [socket.socket() for _ in range(3)]; \
	  [x.bind(("127.0.0.1", 0)) for x in s]; print(*(x.getsockname()[1] for x in s))'); \
	env -u BANTIN_TEST_DATABASE_URL -u BANTIN_TEST_REDIS_URL -u DJANGO_SETTINGS_MODULE \
	  BANTIN_PYTHON=$(CURDIR)/$(PY) BANTIN_PROD_DIR=$(PROD_TEST_DIR) \
	  BANTIN_SERVICES_DIR=$(PROD_TEST_DIR)/services BANTIN_PG_DB=bantin_prod_test \
	  BANTIN_PG_PORT=$$1 BANTIN_REDIS_PORT=$$2 BANTIN_MQTT_PORT=$$3 scripts/prod prepare

# The production configuration on this machine: PostgreSQL, Redis, gunicorn, nginx and the
# worker (scripts/prod): nginx answers on PROD_PORT, gunicorn behind it on PROD_APP_PORT
# (the public pool) and PROD_ADMIN_PORT (the admin pool). `make prod-stop` stops what
# `make prod` started.
.PHONY: prod prod-stop
PROD_PORT ?= 8080
PROD_APP_PORT ?= 8180
PROD_ADMIN_PORT ?= 8181

prod: install
	BANTIN_HTTP_PORT=$(PROD_PORT) BANTIN_APP_PORT=$(PROD_APP_PORT) \
	  BANTIN_ADMIN_PORT=$(PROD_ADMIN_PORT) scripts/prod start

prod-stop:
	scripts/prod stop

# The admin's Vietnamese catalogue (bantin/locale/vi, docs/admin-vietnamese.md). The compiled
# .mo files are committed, so only whoever edits a .po needs gettext's msgfmt.
.PHONY: locale
locale:
	for po in bantin/locale/*/LC_MESSAGES/*.po; do msgfmt --check -o "$${po%.po}.mo" "$$po" || exit 1; done

lint: install-test
	$(VENV)/bin/ruff check bantin tests bench

# Known vulnerabilities in the pinned dependencies (scripts/audit), with pip-audit kept in
# a venv of its own so that its dependencies never mix with the project's.
AUDIT_VENV := var/audit-venv
audit:
	@[ -x $(AUDIT_VENV)/bin/python ] || $(PYTHON) -m venv $(AUDIT_VENV)
	@$(AUDIT_VENV)/bin/python -m pip install --quiet pip-audit==2.10.1
	$(AUDIT_VENV)/bin/python scripts/audit

bench: install
	$(PY) bench/article_page.py

# Load on the production stack (nginx, gunicorn, PostgreSQL, Redis) with wrk; see
# docs/performance.md. Takes a few minutes; --stress adds two 60-second runs.
bench-load: install
	$(PY) bench/load.py $(BENCH_ARGS)

# Re-pin every dependency to what is installed now (run after a deliberate upgrade).
lock: install-test
	$(PY) -m pip freeze --exclude-editable | grep -v '^bantin' > requirements/constraints.txt

clean:
	rm -rf $(VENV) var tests/artifacts
