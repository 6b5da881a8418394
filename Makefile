# The README's two commands: `make run` and `make test`. Each installs what it needs first.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck pytest notebooks postgres chromium bench litellm-proxy clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e . && touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/netra up

test: install postgres chromium litellm-proxy lint typecheck pytest notebooks

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

# tests/test_litellm_proxy.py serves the LiteLLM export in LiteLLM's real proxy (its own venv).
pytest: install litellm-proxy
	$(BIN)/pytest

# Every notebook runs under nbmake against a small generated data set of its own.
NBDATA := $(CURDIR)/.nbtest
notebooks: install
	rm -rf $(NBDATA) && NETRA_DATA_DIR=$(NBDATA) $(BIN)/netra up --no-serve --demo-events 20000 > /dev/null
	NETRA_DATA_DIR=$(NBDATA) $(BIN)/pytest --nbmake notebooks -p no:cacheprovider -o addopts="" -q; s=$$?; rm -rf $(NBDATA); exit $$s

bench: install litellm-proxy
	$(BIN)/python -m benchmarks.run

# LiteLLM's proxy, bench_gateway's baseline and the export's test, in a venv of its own (its proxy extra pins packages Netra does not use).
LITELLM_STAMP := .venv-litellm/.installed
$(LITELLM_STAMP): benchmarks/litellm-proxy-requirements.txt
	test -x .venv-litellm/bin/python || $(PYTHON) -m venv .venv-litellm
	.venv-litellm/bin/python -m pip install -q --disable-pip-version-check -r $< && touch $@

litellm-proxy: $(LITELLM_STAMP)

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used).
chromium:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

postgres:
	@scripts/ensure-postgres.sh

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
