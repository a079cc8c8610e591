# DEFENCE.NRW onboarding platform. `make run` starts everything locally; `make test` runs every test layer.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
SERVICES := intake assessment advisory notification

.PHONY: help install run stop lint test test-unit test-integration test-e2e test-browser migrate preview up down clean chaos bench bench-burst bench-queue

help:
	@echo "make run      start NATS, PostgreSQL, SMTP sink, the four services and Prometheus if installed (Ctrl-C stops all)"
	@echo "make stop     stop a stack started by make run whose terminal is gone (pid files in var/run/)"
	@echo "make test     lint, then unit, integration, e2e and browser tests against real NATS and PostgreSQL"
	@echo "make lint     ruff and mypy"
	@echo "make migrate  run every service's migrations against its DATABASE_URL"
	@echo "make preview  render every email template with example data into var/preview"
	@echo "make chaos    the full chaos soak; make bench / bench-burst / bench-queue: performance (JSON in bench/results/)"
	@echo "make up/down  the docker compose deployment (needs a Docker engine)"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev,test]"
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

run: install
	$(BIN)/python -m devstack

stop: install
	$(BIN)/python -m devstack stop

lint: install  ## ruff (style, imports, bugbears) and mypy over shared, services and devstack
	$(BIN)/ruff check .
	$(BIN)/mypy

test: install lint
	$(BIN)/pytest

test-unit: install
	$(BIN)/pytest tests/unit

test-integration: install
	$(BIN)/pytest tests/integration

test-e2e: install
	$(BIN)/pytest tests/e2e

test-browser: install
	$(BIN)/pytest tests/browser

migrate: install
	@for s in $(SERVICES); do $(BIN)/python -m services.$$s migrate || exit 1; done

preview: install
	$(BIN)/python -m services.notification preview --out var/preview

up:
	docker compose up -d --build

down:
	docker compose down

clean:
	rm -rf var test-artifacts .pytest_cache

.PHONY: chaos
chaos: install  ## the full chaos soak (sizes: CHAOS_N, CHAOS_SUBMITTERS, CHAOS_KILLS, CHAOS_SEED ...)
	$(BIN)/python -m tests.chaos.soak

.PHONY: bench bench-burst bench-queue
bench: install  ## end-to-end and raw-limit measurements -> bench/results/e2e-*.json (needs Debian's wrk for the max-rate run)
	$(BIN)/python -m bench

bench-burst: install  ## 3,000 enquiries within 60 s, then quiet: queue depth and drain rate -> bench/results/burst-*
	$(BIN)/python -m bench.burst

bench-queue: install  ## seed 1,000,000 cases and measure the advisor queue API -> bench/results/queue-*.json
	$(BIN)/python -m bench.queue
