# BorderLens: `make demo` runs the demo world end to end, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
READY := $(VENV)/.ready
ASSETS := src/borderlens/web/assets
CHROMIUM := /usr/bin/chromium

.PHONY: setup browser demo test lint typecheck unit bench lock clean

setup: $(READY)

$(READY): requirements.lock pyproject.toml $(ASSETS)/package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	npm ci --prefix $(ASSETS) --no-audit --no-fund --silent
	touch $(READY)

# The browser tests drive Debian's Chromium (never a downloaded browser).
browser:
	test -x $(CHROMIUM) || (apt-get update -qq && apt-get install -y -qq chromium)

demo: setup
	$(BIN)/borderlens demo

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: setup
	$(BIN)/mypy

unit: setup browser
	$(BIN)/pytest

test: lint typecheck unit

bench: setup
	$(BIN)/python benchmarks/ingest.py

# Re-pin every dependency after editing pyproject.toml.
lock:
	$(BIN)/uv pip compile pyproject.toml --extra spark --group dev --generate-hashes \
		--python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) $(ASSETS)/node_modules borderlens.duckdb demo-world models backtest-*.png .pytest_cache .mypy_cache .ruff_cache
