# bantin — the two commands that matter: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test install install-test serve worker lint bench clean lock

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

demo: install
	PORT=$(PORT) scripts/demo

test: install-test
	$(PY) -m pytest

# The production configuration on this machine: PostgreSQL, Redis, gunicorn, nginx and the
# worker (scripts/prod): nginx answers on PROD_PORT, gunicorn behind it on PROD_APP_PORT.
# `make prod-stop` stops what `make prod` started.
.PHONY: prod prod-stop
PROD_PORT ?= 8080
PROD_APP_PORT ?= 8180

prod: install
	BANTIN_HTTP_PORT=$(PROD_PORT) BANTIN_APP_PORT=$(PROD_APP_PORT) scripts/prod start

prod-stop:
	scripts/prod stop

lint: install-test
	$(VENV)/bin/ruff check bantin tests bench

bench: install
	$(PY) bench/article_page.py

# Re-pin every dependency to what is installed now (run after a deliberate upgrade).
lock: install-test
	$(PY) -m pip freeze --exclude-editable | grep -v '^bantin' > requirements/constraints.txt

clean:
	rm -rf $(VENV) var tests/artifacts
