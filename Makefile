# Two commands for a newcomer: `make site` (install and build) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: site serve test check permalinks browser clean

site: $(STAMP)
	$(PY) -m generator build

serve: $(STAMP)
	$(PY) -m generator serve

check: $(STAMP)
	$(PY) -m generator check

# Record new permalinks in permalinks.txt (deliberately: they must then resolve forever).
permalinks: $(STAMP)
	$(PY) -m generator permalinks --add

test: $(STAMP) browser
	$(PY) -m pytest

# Chromium and a CJK font for the browser tests (installs them as root on Debian).
browser:
	@scripts/ensure-browser

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -qq --disable-pip-version-check -c constraints.txt -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

clean:
	rm -rf $(VENV) site
