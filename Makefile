# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
CORPUS ?= ../shared/seeds
MANAGE := $(BIN)/python manage.py

.PHONY: install demo migrate ingest serve test test-fast lint format worker clean

# The virtualenv is built under a lock (flock, util-linux), so `make demo & make test` build it
# once: the second waits, then finds it ready. READY is written last, so a venv still being
# built never counts as ready. A build marks the venv BUILDING until it ends well: a venv from
# before READY existed is adopted as it is, one whose build failed is built again.
READY := $(VENV)/.ready
BUILDING := $(VENV)/.building
BUILD_VENV = $(PYTHON) -m venv $(VENV) && touch $(BUILDING) && $(BIN)/pip install --quiet \
	--upgrade pip && $(BIN)/pip install --quiet -e ".[dev]" && touch $(READY) && rm -f $(BUILDING)

install:  ## make the virtualenv with the dev extra (again, if it exists)
	flock $(VENV).lock sh -c '$(BUILD_VENV)'

$(READY):
	flock $(VENV).lock sh -c '[ -f $(READY) ] \
		|| { [ ! -e $(BUILDING) ] && [ -x $(BIN)/django-admin ] && touch $(READY); } \
		|| { $(BUILD_VENV); }'

migrate: $(READY)
	$(MANAGE) migrate --noinput

ingest: migrate  ## ingest CORPUS (default ../shared/seeds)
	$(MANAGE) ingest $(CORPUS) || true

demo: migrate  ## set up, ingest the corpus, print an admin login and serve on PORT
	$(MANAGE) ingest $(CORPUS) || echo "(some files were rejected; see the lines above)"
	$(MANAGE) demo_admin
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(MANAGE) runserver 127.0.0.1:$(PORT)

test: $(READY)  ## the whole suite; with CELERY_BROKER_URL set, also through a real worker
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
