# Partnerkaart. `make run` starts the app; `make test` installs what the tests need and runs them;
# `make run-replicas` runs REPLICAS replicas behind HAProxy on a local PostGIS.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
REPLICAS ?= 2
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run run-replicas test bench venv venv-test system-test system-replicas clean

# `geo start` checks settings, boundaries and store, prints the one-time setup link while the
# store has no account, then becomes the Streamlit server (upload limit from the settings).
run: venv
	$(PY) -m geo start --poort $(PORT)

# PostGIS (a cluster of its own in .replicas/, kept between runs), REPLICAS app replicas and HAProxy
# with sticky sessions on PORT; Ctrl-C stops them all. See the README, "Multi-user deployment".
run-replicas: venv system-replicas
	$(PY) -m geo replicas --aantal $(REPLICAS) --poort $(PORT)

test: venv-test system-test node_modules/.installed
	$(PY) -m pytest -q

bench: venv-test
	$(PY) -m bench

venv: $(VENV)/.installed

venv-test: $(VENV)/.installed-test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed

# Debian packages the tests need: Chromium for the browser tests; PostgreSQL 15 with PostGIS
# for the store tests (they start their own throwaway server; no system-wide one is started);
# HAProxy for the replicas (started by the tests themselves; no system-wide one is started).
system-test: system-replicas
	@command -v chromium >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; }

system-replicas:
	@[ -x /usr/sbin/haproxy ] || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends haproxy; }
	@[ -x /usr/lib/postgresql/15/bin/initdb ] && [ -f /usr/share/postgresql/15/extension/postgis.control ] || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends postgresql-15 postgresql-15-postgis-3; }

# axe-core for the accessibility tests, from the npm registry, pinned by package-lock.json; the tests
# inject it from this folder into the pages (the app itself never serves it).
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends npm; }
	npm ci --silent --no-audit --no-fund
	touch $@

clean:
	rm -rf $(VENV) static .pytest_cache node_modules
