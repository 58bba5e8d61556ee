# Two commands for a newcomer: `make run` (the bot, or the local sandbox without a token)
# and `make test`. Both create the virtualenv and install the project on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# With BOT_TOKEN (environment or .env) this is the real bot; without it, the sandbox:
# a Bot API server on 127.0.0.1 and a terminal chat with the unmodified bot process.
run: $(VENV)/.installed
	@if [ -n "$$BOT_TOKEN" ] || grep -qE '^BOT_TOKEN=.+' .env 2>/dev/null; then \
		$(PY) -m bot; \
	else \
		echo "BOT_TOKEN is not set: starting the local sandbox (type a question, /help, Ctrl-D to quit)"; \
		$(PY) -m bot.localapi --run-bot; \
	fi

test: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m pytest -q

bench: $(VENV)/.installed
	$(PY) bench/ingest_throughput.py
	$(PY) bench/query_latency.py
	$(PY) bench/fanout.py
	$(PY) bench/feeds.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache bench/out
