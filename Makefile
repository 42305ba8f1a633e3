# uprtrack: `make run` serves the app with demo data; `make test` runs the whole suite (`make test-fast` and
# `make lint` for the inner loop).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app uprtrack
STAMP := $(VENV)/.installed-$(shell cat setup.cfg pyproject.toml | cksum | cut -d' ' -f1)
TEST_STAMP := $(VENV)/.test-installed-$(shell cat setup.cfg pyproject.toml | cksum | cut -d' ' -f1)
# Debian packages, installed when make runs as root: the app's (fonts for charts and PDF exports),
# then the tests' (a browser, a database client, LibreOffice and pdftotext to open every export, Redis for the job
# queue at scale).
RUN_DEB_PACKAGES := fonts-noto-core fonts-noto-cjk
TEST_DEB_PACKAGES := $(RUN_DEB_PACKAGES) postgresql-client chromium libreoffice-calc libreoffice-writer poppler-utils \
  redis-server
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
PYTEST := $(BIN)/python -m pytest
TEST_LOGS := build/test-logs

.PHONY: run install test test-fast lint run-packages test-packages deb-packages db translations messages clean

# The server, with the job worker (files prepared in the background) and `notify --every 300` (reminders, unsent
# e-mail, daily digests) beside it, stopped with it.
run: run-packages install db
	$(FLASK) seed --demo --if-empty
	@$(FLASK) worker & worker=$$!; $(FLASK) notify --every 300 & notify=$$!; \
	trap 'kill $$worker $$notify 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port 5000

install: $(STAMP)

$(STAMP):
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	rm -f $(VENV)/.installed-* && touch $@

# Compiled catalogues are build output (not in git); compiled on every run so edited .po files take effect.
translations: install
	$(BIN)/pybabel compile -d translations > /dev/null

# After changing user-facing strings: refresh the catalogue, then translate the new entries in translations/*/.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	rm -f $(VENV)/.test-installed-* && touch $@

db: install translations
	$(FLASK) db upgrade

run-packages:
	@$(MAKE) --no-print-directory deb-packages PACKAGES="$(RUN_DEB_PACKAGES)"

test-packages:
	@$(MAKE) --no-print-directory deb-packages PACKAGES="$(TEST_DEB_PACKAGES)"

deb-packages:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi; \
	fi

node_modules/axe-core/axe.min.js: package.json
	npm install --no-audit --no-fund --silent
	touch $@

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The inner loop: SQLite only, no browser, stop at the first failure.
test-fast: $(TEST_STAMP) translations
	env -u UPRTRACK_TEST_DATABASE_URL $(PYTEST) --ignore=tests/browser -x

# Lint first (seconds), then the suite on SQLite and, when UPRTRACK_TEST_DATABASE_URL is set or a PostgreSQL
# server answers, the same suite on PostgreSQL, both at once (one core each): each run writes its own log, printed
# when both are done, and make fails when either fails. (pytest-xdist on top, two workers a run, was slower on
# 2 cores: 4 min 46 s against 3 min 36 s, each worker paying for its own database, seed, imports and browser.)
test: test-packages $(TEST_STAMP) translations node_modules/axe-core/axe.min.js lint
	@mkdir -p $(TEST_LOGS); rm -f $(TEST_LOGS)/*.log; \
	pg_url="$${UPRTRACK_TEST_DATABASE_URL:-}"; \
	if [ -z "$$pg_url" ] && $(BIN)/python -m tests.pg_available "$(PG_URL)"; then pg_url="$(PG_URL)"; fi; \
	sqlite=; pg=; trap 'kill $$sqlite $$pg 2>/dev/null; exit 130' INT TERM; \
	env -u UPRTRACK_TEST_DATABASE_URL $(PYTEST) -o cache_dir=.pytest_cache/sqlite > $(TEST_LOGS)/sqlite.log 2>&1 & \
	sqlite=$$!; \
	if [ -n "$$pg_url" ]; then \
	  UPRTRACK_TEST_DATABASE_URL="$$pg_url" $(PYTEST) -o cache_dir=.pytest_cache/postgresql \
	    > $(TEST_LOGS)/postgresql.log 2>&1 & pg=$$!; \
	  echo "== the suite runs on SQLite and on PostgreSQL at once; logs in $(TEST_LOGS)/ =="; \
	else echo "== no PostgreSQL server answers at $(PG_URL): the PostgreSQL run is skipped =="; fi; \
	wait $$sqlite; sqlite_status=$$?; pg_status=0; \
	if [ -n "$$pg" ]; then wait $$pg; pg_status=$$?; fi; \
	echo "== the suite on SQLite (exit status $$sqlite_status) =="; cat $(TEST_LOGS)/sqlite.log; \
	if [ -n "$$pg" ]; then \
	  echo "== the same suite on PostgreSQL (exit status $$pg_status) =="; cat $(TEST_LOGS)/postgresql.log; \
	fi; \
	[ $$sqlite_status -eq 0 ] && [ $$pg_status -eq 0 ]

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
