# Two commands for a newcomer: `make site` (install and build) and `make test`.
# CI also runs `make check` (lint, types, data) before the tests and `make audit` (Lighthouse on every page) after.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
BENCH_STAMP := $(VENV)/.bench-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
# Files the build takes from npm packages (the map's country shapes, Vega's expression interpreter),
# pinned by generator/charts/vendor.json and fetched from the npm registry by generator/charts/vendor.py, without Node.js.
VENDORED := vendor/.fetched
# cffconvert, which the tests validate CITATION.cff with, in an environment of its own inside the venv: its newest
# release (2.0.0) requires jsonschema<4, and the tests need jsonschema 4 (Draft 2020-12), so the two cannot share one.
CFFCONVERT := $(VENV)/cffconvert/bin/cffconvert
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: site serve test test-fast bench audit check todo permalinks font browser vendor preview-production deploy clean distclean

site: $(STAMP) $(VENDORED)
	$(PY) -m generator build

serve: $(STAMP) $(VENDORED)
	$(PY) -m generator serve

# The built site/ as the host serves it: nginx with exactly deploy/nginx/, on 127.0.0.1, in the
# foreground (Ctrl-C stops). PREFIX=/report/ mounts it under a sub-path; / or unset, at the root.
PORT   ?= 8080
PREFIX ?= /
preview-production: site browser
	$(PY) -m generator.hosting.nginx preview --port $(PORT) --prefix $(or $(PREFIX),/)

# Publish: refuses placeholder metadata (example.org site_url, placeholder editors, no version), then
# builds and runs mkdocs gh-deploy, or copies site/ into DEPLOY_DIR when that is set.
# Publish the version in data/site.yaml as an edition (README: Editions): tagged vVERSION, frozen in editions/VERSION/.
publish: $(STAMP) $(VENDORED)
	$(PY) -m generator publish

deploy: $(STAMP) $(VENDORED)
	$(PY) -m generator deploy $(if $(DEPLOY_DIR),--dir $(DEPLOY_DIR))

# The style the tools keep (ruff and mypy, configured in pyproject.toml), then the data of ./mkdocs.yml's report.
# Not a step of `make test`: while editing, the tests' verdict should not wait on an unsorted import; CI runs both.
check: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m generator check

# Each number of the text that no fact covers yet, with a facts.yaml record to paste.
todo: $(STAMP)
	$(PY) -m generator todo

# The Chinese web font subset (docs/fonts/), cut from Debian's fonts-noto-cjk (`make browser` installs it).
font: $(STAMP) browser
	$(PY) -m generator font

# Record new permalinks in permalinks.txt (deliberately: they must then resolve forever).
permalinks: $(STAMP) $(VENDORED)
	$(PY) -m generator permalinks --add

test: $(STAMP) $(VENDORED) $(CFFCONVERT) browser node_modules/.installed
	$(PY) -m pytest

# While editing: the tests that need no build, browser or server (a minute or two).
test-fast: $(STAMP) $(VENDORED) $(CFFCONVERT)
	$(PY) -m pytest -m "not slow"

# How fast: cold, warm and edit builds against plain MkDocs on the same tree, the edit loop under
# `mkdocs serve` in Chromium, page weight, scaling to 10x and 50x content, where the time goes, and
# Zensical for reference. One table, in under five minutes; bench/run.py --write records it in bench/RESULTS.md.
bench: $(BENCH_STAMP) $(VENDORED)
	$(PY) bench/run.py

# The benchmark's own extra (Zensical, for reference): installed by `make bench` only, not for every newcomer.
$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install -qq --disable-pip-version-check -c constraints.txt -e '.[bench]'
	rm -f $(VENV)/.bench-*
	touch $@

vendor: $(VENDORED)

$(VENDORED): generator/charts/vendor.json generator/charts/vendor.py
	$(PYTHON) -m generator.charts.vendor vendor
	touch $@

# Lighthouse 12 (mobile, default settings) on every page of the built site, served locally
# under its sub-path: prints the four scores per page; fails below performance 95,
# accessibility 100, best practices 100 or SEO 95, naming the audits that cost points.
# Reports (HTML and JSON) go to audit-reports/.
audit: site browser node_modules/.installed
	CHROME_PATH=$${CHROMIUM:-/usr/bin/chromium} $(PY) scripts/audit.py

# Lighthouse for the audit, and citeproc-js (Zotero's CSL engine) that the tests hold the site's citations to.
node_modules/.installed: package.json package-lock.json | browser
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Chromium, a CJK font, nginx, BibTeX and Node.js for the tests (installs them as root on Debian).
browser:
	@scripts/ensure-browser

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -qq --disable-pip-version-check -c constraints.txt -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

$(CFFCONVERT): tests/cite/cffconvert.txt | $(STAMP)
	$(PYTHON) -m venv $(VENV)/cffconvert
	$(VENV)/cffconvert/bin/python -m pip install -qq --disable-pip-version-check -r tests/cite/cffconvert.txt
	touch $@

# What builds made and reuse: the site, the render caches (charts, citations, compressed files, the generator's
# output, jieba's dictionary cache, compiled templates), Lighthouse reports. The installed environment stays.
clean:
	rm -rf site .site.building .site.previous .cache .hypothesis .pytest_cache .mypy_cache .ruff_cache audit-reports build artifacts examples/*/site examples/*/.site.building examples/*/.cache

# Everything `make site` and `make test` installed or fetched as well: the venv, npm packages, vendored files.
distclean: clean
	rm -rf $(VENV) node_modules vendor examples/*/vendor *.egg-info
