# Everything starts from two commands: `make serve` and `make test` (see README.md);
# `make unit` is the quick check without a browser or a site build.
# Each target installs what it needs, so both work on a fresh machine from a clean clone.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help serve build post schema test unit lint typecheck pytest check install system-deps clean bench

# The first target is what a bare `make` runs: the list of targets, one line each (the text
# after `##` on a target's line).
help:
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /\1\t/' | \
	  awk -F '\t' '{ printf "  make %-10s %s\n", $$1, $$2 }'

# --- Installation ----------------------------------------------------------------------

# The first run says in one line what it installs and prints the tools' own output only
# when something fails.
$(BIN)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 of nieuwer is nodig (pyenv leest .python-version).")'
	@echo "Python-pakketten installeren in $(VENV)/ (de eerste keer een paar minuten) ..."
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

# The site needs Pyodide, the tests the Nu Html Checker (vnu-jar, whose install script
# package.json allows: it finds Debian's Java, so system-deps comes first); Lighthouse (a
# devDependency) only the benchmarks.
node_modules/.installed: package.json package-lock.json | system-deps
	@echo "npm-pakketten installeren (Pyodide, Nu Html Checker) ..."
	@out=$$(npm ci --omit=dev --no-audit --no-fund 2>&1) || { echo "$$out"; exit 1; }
	@touch $@

# The JavaScript checks (TypeScript, ESLint, pinned in package-lock.json) need no Debian
# package: without the full install above, npm ci without install scripts (vnu-jar's looks
# for Java) is enough for them.
node_modules/.installed-js-checks: package.json package-lock.json
	@if [ ! -f node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; then \
	  echo "npm-pakketten installeren (TypeScript, ESLint) ..."; \
	  out=$$(npm ci --omit=dev --ignore-scripts --no-audit --no-fund 2>&1) || { echo "$$out"; exit 1; }; \
	fi
	@touch $@

node_modules/.installed-dev: package.json package-lock.json | system-deps
	@echo "npm-pakketten installeren, ook voor de benchmarks (Lighthouse) ..."
	@out=$$(npm ci --no-audit --no-fund 2>&1) || { echo "$$out"; exit 1; }
	@touch $@ node_modules/.installed

# Debian packages: Chromium, Firefox ESR and WebKitGTK's WebDriver (with Xvfb, its virtual
# display, and the GObject bindings of GTK and WebKitGTK that the tests' own small WebKit
# browser, tests/support/webkit_shell.py, runs on) for the browser tests, Roboto and Cairo for the social cards, a Java runtime for
# the Nu Html Checker. CI sets SYSTEM_PACKAGES (and CHROMIUM, FIREFOX) in the environment:
# its runner brings Chrome and Firefox.
SYSTEM_PACKAGES ?= chromium fonts-roboto-unhinted libcairo2 default-jre-headless firefox-esr webkit2gtk-driver xvfb python3-gi gir1.2-webkit2-4.1
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  echo "Debian-pakketten installeren:$$missing ..."; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

install: system-deps $(BIN)/.installed node_modules/.installed  ## Alles installeren wat de site en de tests nodig hebben

# --- Site ------------------------------------------------------------------------------

serve: install  ## De site lokaal bekijken terwijl je schrijft (mkdocs serve, herlaadt bij elke wijziging)
	@$(BIN)/mkdocs serve --livereload

build: install  ## De site bouwen in site/ (stopt bij een fout, met bestand en regel)
	$(BIN)/mkdocs build --strict

# A new blog post (a draft) with a unique slug:
#   make post TITEL="Wat is acquisitie?" CATEGORIE=Sales [AUTEUR=mitchel]
# Without CATEGORIE (or AUTEUR, with more than one author) it asks, with the list.
post: $(BIN)/.installed  ## Een nieuw blogartikel (concept): make post TITEL="..." [CATEGORIE=...] [AUTEUR=...]
	@$(BIN)/python tools/new_post.py "$(TITEL)" --categorie "$(CATEGORIE)" --auteur "$(AUTEUR)"

# --- Checks ----------------------------------------------------------------------------

check: $(BIN)/.installed  ## De zelftest-definitie en het JSON-schema controleren
	$(BIN)/python -m quiz check
	$(BIN)/python -m quiz_build schema --check

# The JSON Schema editors use for docs/zelftest/definitie.yml, made from the rules in quiz/.
schema: $(BIN)/.installed  ## Het JSON-schema voor editors opnieuw maken uit de regels in quiz/
	$(BIN)/python -m quiz_build schema

# tsc type-checks every script from its JSDoc (the page's, the worker's and Node's each
# with their own globals), ESLint lints them.
lint: $(BIN)/.installed node_modules/.installed-js-checks  ## ruff over alle Python, tsc en ESLint over alle JavaScript
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	node_modules/.bin/tsc -p tsconfig.json
	node_modules/.bin/tsc -p tsconfig.worker.json
	node_modules/.bin/tsc -p tsconfig.node.json
	node_modules/.bin/eslint .

typecheck: $(BIN)/.installed  ## mypy (strict) over alle Python
	$(BIN)/mypy

pytest: install  ## Alle tests, ook in de browser en op een gebouwde site
	$(BIN)/pytest

test: lint typecheck check pytest  ## Alles: lint, typecheck, check en pytest

# Everything that needs neither a browser nor a build of the site (pytest markers `site`
# and `browser`, set in tests/conftest.py), with a tenth of the generated examples of the
# property tests (QUIZ_QUICK; `make test` runs them all).
unit: lint typecheck check  ## De snelle ronde: zonder browser en zonder sitebouw
	QUIZ_QUICK=1 $(BIN)/pytest -m "not site"

bench: install node_modules/.installed-dev  ## De benchmarks (snelheid en grootte; cijfers in benchmarks/README.md)
	$(BIN)/python -m benchmarks
	$(BIN)/python -m benchmarks throttle
	$(BIN)/python -m benchmarks leads
	$(BIN)/python -m benchmarks webkit

clean:  ## Gebouwde bestanden en caches weggooien
	rm -rf site build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
