# The front door: `make run` and `make test` work on a fresh clone with Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# Links in e-mails, notifications and issued PDFs point at the host `make run` serves on.
THIDUA_SITE_URL ?= http://$(HOST)
export THIDUA_SITE_URL

.PHONY: run test test-dates print-ci-clocks setup deps dev-deps migrate demo lint format check-migrations bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-deps $@

deps: $(VENV)/.runtime-deps
dev-deps: $(VENV)/.dev-deps

migrate: deps
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

## make run: set up everything (venv, dependencies, SQLite, demo data) and serve on $(HOST)
run: demo
	@echo "thidua: http://$(HOST)/  (demo logins: see README.md; Ctrl-C stops)"
	@echo "Reminders: the sweep runs every 5 minutes beside the server (no Redis needed)."
	@$(BIN)/python manage.py send_reminders --every 300 > reminders.log 2>&1 & sweep=$$!; \
	  trap 'kill $$sweep 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver $(HOST)

## make test: set up and run lint, migration check and the whole suite (DATABASE_URL picks the database)
test: dev-deps lint check-migrations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make test-dates: the fast suite (no browser, no worker) with the clock set to instants that have
## broken date code before; each test that pins its own instant keeps it (README, "Tests at a chosen date").
## Each instant builds fresh test databases: a reused one would lack the rows migrations seed once a
## transactional test has flushed it.
SWEEP_CLOCKS ?= 2027-01-01T00:30:00+07:00 2025-06-30T23:30:00+07:00 2025-07-01T00:30:00+07:00 \
	2026-11-28T09:00:00+07:00 2026-12-05T23:30:00+07:00 2028-02-29T09:00:00+07:00 2026-12-31T23:30:00+07:00
## The instants `.ci/run` sweeps (its time budget allows two): the year boundary and the reform's eve.
CI_SWEEP_CLOCKS ?= 2027-01-01T00:30:00+07:00 2025-06-30T23:30:00+07:00
print-ci-clocks:
	@echo $(CI_SWEEP_CLOCKS)

test-dates: dev-deps
	@set -e; for clock in $(SWEEP_CLOCKS); do \
	  echo "=== fast suite with the clock at $$clock"; \
	  $(BIN)/python -m pytest -q -p no:warnings -m "not browser and not worker" -n 2 --create-db --clock=$$clock $(PYTEST_ARGS); \
	done

lint: dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: dev-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: dev-deps
	DJANGO_SETTINGS_MODULE=thidua.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

## make bench: province data, page table, then the load run (gunicorn + Locust). BENCH_SCALE=small for a
## quick run; BENCH_SETTINGS=thidua.settings.prod (with DATABASE_URL to an empty PostgreSQL database)
## for the figures in the README.
BENCH_SCALE ?= province
BENCH_SETTINGS ?= thidua.settings.dev
BENCH_ENV = DATABASE_URL=$${DATABASE_URL:-sqlite:///bench-output/bench.sqlite3} \
	DJANGO_SETTINGS_MODULE=$(BENCH_SETTINGS) DJANGO_SECURE_SSL_REDIRECT=0 \
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-bench-only-not-a-secret-key-0123456789abcdefghijkl} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/11}
bench: dev-deps
	mkdir -p bench-output
	$(BENCH_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(BENCH_ENV) $(BIN)/python manage.py bench $(if $(filter small,$(BENCH_SCALE)),--small --repeat 3) --output bench-output/bench.md
	$(BENCH_ENV) $(BIN)/python manage.py bench_documents $(if $(filter small,$(BENCH_SCALE)),--runs 1 --long-lines 100)
	$(BENCH_ENV) $(BIN)/python manage.py bench_load $(if $(filter small,$(BENCH_SCALE)),--mixed-seconds 5 --closed-seconds 2) --output bench-output/load.md

## make corpus: field and target accuracy of the launch-document importer over its regression corpus
corpus: dev-deps
	DJANGO_SETTINGS_MODULE=thidua.settings.test $(BIN)/python manage.py importer_corpus

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* .test-db.sqlite3* staticfiles media .pytest_cache
