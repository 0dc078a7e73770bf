# Two commands set up everything: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export OTDEL_VAR_DIR ?= $(CURDIR)/var

.PHONY: run prod test e2e lint format chromium messages env bench load clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

# Compiled translations are build output, made from the .po files in otdel/locale.
messages: $(STAMP)
	cd otdel && ../$(BIN)/otdel compilemessages --verbosity 0

env: $(STAMP) node_modules/.installed messages
	mkdir -p var

run: env
	$(BIN)/otdel migrate --no-input
	$(BIN)/otdel demo
	$(BIN)/otdel collectstatic --no-input --verbosity 0
	DEBUG=$${DEBUG:-1} $(BIN)/otdel runserver 127.0.0.1:8000

# Production on this machine: gunicorn + a huey consumer on the local PostgreSQL and Redis
# (DATABASE_URL, REDIS_URL and the rest from the environment or .env; DEPLOY.md).
prod: env
	deploy/prod-local.sh

# Browser tests drive Debian's chromium; install it where we may (root), else they say why not.
chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || \
		echo "chromium is not installed: the browser tests will be skipped"

# One worker per core (TEST_WORKERS=0 runs in one process); each worker has its own test database.
# --dist load hands each worker the tests in their collected order, where pytest-django puts the
# transactional ones last: their flush empties the stages the migrations wrote, so a test handed
# out after one of them (as worksteal does) found no algorithm.
test: env chromium
	$(BIN)/otdel makemigrations --check --dry-run --verbosity 0
	$(BIN)/pytest -n $${TEST_WORKERS:-auto} --dist load

e2e: env chromium
	$(BIN)/pytest e2e

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	@! grep -rn --include='*.py' 'fmt: skip' otdel tests bench e2e || \
		{ echo "ruff format decides the layout: drop the fmt: skip markers above"; exit 1; }
	$(BIN)/mypy otdel/*/rules.py otdel/*/services.py otdel/*/selectors.py

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

$(VENV)/.bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(VENV)/.bench

bench: env $(VENV)/.bench
	$(BIN)/python -m bench --size $${BENCH_SIZE:-10k}
	$(BIN)/python -m bench.enforcement --size $${BENCH_SIZE:-10k}
	$(BIN)/python -m bench.importing --size $${BENCH_SIZE:-10k} --rows $${BENCH_ROWS:-100000}
	$(BIN)/python -m bench.orders
	$(BIN)/python -m bench.segments
	$(BIN)/python -m bench.plans

# The working day under load through gunicorn (issue 20, item 5): set DATABASE_URL for
# PostgreSQL, where the goal is measured.
load: env $(VENV)/.bench
	$(BIN)/python -m bench.loadrun --size $${BENCH_SIZE:-10k} --users $${LOAD_USERS:-10,50,100}

clean:
	rm -rf $(VENV) node_modules var staticfiles
