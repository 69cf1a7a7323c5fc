# The owner's and developer's commands. `make run` and `make test` are the quick start.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test lint format migrate demo clean bench bench-quick

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); \
	  else echo "Cannot create a virtualenv: install python3-venv (sudo apt install python3-venv)"; exit 1; fi; }
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	@touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-test.txt
	@touch $@ $(VENV)/.installed

# A random key made once and kept, so sessions survive restarts when SECRET_KEY is unset.
instance/secret_key:
	@mkdir -p instance
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_hex(32))' > $@

run: $(VENV)/.installed instance/secret_key
	@export BLOG_ENV=production SECRET_KEY="$${SECRET_KEY:-$$(cat instance/secret_key)}" && \
	  $(BIN)/flask --app wsgi db upgrade && \
	  $(BIN)/flask --app wsgi load-demo && \
	  $(BIN)/flask --app wsgi setup-link --quiet --base-url "http://127.0.0.1:$(PORT)" && \
	  echo "Serving the blog on http://127.0.0.1:$(PORT)/" && \
	  exec $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

test: $(VENV)/.installed-test
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrate: $(VENV)/.installed
	$(BIN)/flask --app wsgi db upgrade

# The benchmark (bench/): full run, or a short one that CI uses to prove it works.
# Set BENCH_DATABASE_URL to a PostgreSQL database to measure PostgreSQL too.
bench: $(VENV)/.installed
	$(BIN)/python -m bench

bench-quick: $(VENV)/.installed
	$(BIN)/python -m bench --quick

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .coverage htmlcov
