# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
CORPUS ?= ../shared/seeds
MANAGE := $(BIN)/python manage.py

.PHONY: install demo migrate ingest serve test test-fast lint format worker clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/activate  ## make the virtualenv with the dev extra
	$(BIN)/pip install --quiet -e ".[dev]"

$(BIN)/django-admin:
	$(MAKE) install

migrate: $(BIN)/django-admin
	$(MANAGE) migrate --noinput

ingest: migrate  ## ingest CORPUS (default ../shared/seeds)
	$(MANAGE) ingest $(CORPUS) || true

demo: migrate  ## set up, ingest the corpus, print an admin login and serve on PORT
	$(MANAGE) ingest $(CORPUS) || echo "(some files were rejected; see the lines above)"
	$(MANAGE) demo_admin
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(MANAGE) runserver 127.0.0.1:$(PORT)

test: $(BIN)/django-admin  ## the whole suite; with CELERY_BROKER_URL set, also through a real worker
	$(BIN)/pytest

lint:  ## the pre-commit hooks on every file: ruff check, ruff format --check, djlint --lint
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker:  ## a Celery worker (needs CELERY_BROKER_URL)
	$(BIN)/celery -A config worker --loglevel=INFO --concurrency=$${WORKERS:-2}

clean:
	rm -rf var/db.sqlite3 .pytest_cache
