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

lint: install-test
	$(VENV)/bin/ruff check bantin tests bench

bench: install
	$(PY) bench/article_page.py

# Re-pin every dependency to what is installed now (run after a deliberate upgrade).
lock: install-test
	$(PY) -m pip freeze --exclude-editable | grep -v '^bantin' > requirements/constraints.txt

clean:
	rm -rf $(VENV) var tests/artifacts
