# nkrussia — `make report` publishes the report, `make test` tests it. `make` lists targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
UV_VERSION := 0.13.9
ARGS ?=
PYTEST_ARGS ?=

.PHONY: help report test lint lab params status clean browser pdf-tools fonts lock docs

help: ## list the targets (this text)
	@echo "nkrussia — reproducible report on North Korea–Russia military cooperation"
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

# The venv is a file target: rebuilt only when the lock or pyproject changes.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
		{ echo "nkrussia needs Python 3.11 (found $$($(PYTHON) --version)); set PYTHON=/path/to/python3.11"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name nkrussia --display-name "nkrussia (Python 3.11)" >/dev/null
	@touch $(STAMP)

# Debian packages are installed with apt-get when missing (as root, or with password-less sudo);
# otherwise we stop and name the package to install.
have_browser = [ -n "$$NKRUSSIA_CHROMIUM" ] || command -v chromium || command -v chromium-browser \
	|| command -v google-chrome || ls $$HOME/.cache/ms-playwright/chromium-*/chrome-linux*/chrome
apt_install = if [ "$$(id -u)" = 0 ]; then SUDO=; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=sudo; \
	else echo "nkrussia needs the Debian package '$(1)': run  sudo apt-get install $(1)"; exit 1; fi; \
	echo "installing Debian package $(1) with apt-get…"; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(1) >/dev/null

lock: $(STAMP) ## re-pin requirements.lock from pyproject.toml (overrides: [tool.uv] there)
	$(BIN)/uv pip compile --quiet --generate-hashes pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

browser: ## make sure a headless Chromium is installed (Debian package 'chromium')
	@{ $(have_browser); } >/dev/null 2>&1 || { $(call apt_install,chromium); }

pdf-tools:
	@{ command -v pdftotext && command -v pdftoppm; } >/dev/null 2>&1 || { $(call apt_install,poppler-utils); }

# Korean text (a cited quote is in Hangul) needs a CJK font in the PDF and on screen.
fonts:
	@fc-list :lang=ko 2>/dev/null | grep -q . || { $(call apt_install,fonts-noto-cjk); }

# axe-core (the accessibility tests) and Lighthouse (benchmarks/), pinned in package-lock.json
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { $(call apt_install,npm); }
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

report: $(STAMP) browser fonts ## set up, run the pipeline, publish report/report.html and report/report.pdf
	$(BIN)/nkrussia run $(ARGS)

test: $(STAMP) browser pdf-tools fonts node_modules/.installed ## set up, lint, and run the whole test suite
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/pytest $(PYTEST_ARGS)

docs: $(STAMP) ## regenerate docs/data.md (the data dictionary) from the pandera schemas
	$(BIN)/python -m nkrussia.schemas docs/data.md

lint: $(STAMP) ## ruff check
	$(BIN)/ruff check src tests benchmarks

params: $(STAMP) ## list every parameter with its type, default, range and description
	@$(BIN)/nkrussia params

status: $(STAMP) ## is the published report current? which stages would a run redo?
	@$(BIN)/nkrussia status

lab: $(STAMP) ## open JupyterLab on notebooks/ with the project's kernel
	$(BIN)/jupyter lab --notebook-dir=notebooks $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

clean: ## remove build/ and the pipeline's data outputs (keeps report/, seeds/, .venv)
	rm -rf build data/extracted data/processed data/manifest.json .pytest_cache .ruff_cache
