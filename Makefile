# Two commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

# Debian packages the kiosk and its tests need: CUPS with a PDF queue, Pango for
# WeasyPrint, fonts that cover Armenian completely (֏ included), poppler for PDF checks,
# PostgreSQL for a hotel group's head office (the chain tests start a private cluster).
DEB_PACKAGES := cups printer-driver-cups-pdf libpango-1.0-0 libpangoft2-1.0-0 \
	libharfbuzz-subset0 fonts-noto-core fonts-dejavu-core poppler-utils postgresql

.PHONY: run test lint system-packages bench demo-printer clean

run: $(STAMP_RUN)
	$(BIN)/kiosk demo

test: lint
	$(BIN)/pytest

lint: $(STAMP_TEST)
	$(BIN)/ruff check kiosk tests
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(STAMP_TEST)
	$(BIN)/python tests/bench/store_bench.py
	$(BIN)/python tests/bench/letter_bench.py
	$(BIN)/python tests/bench/report_bench.py
	$(BIN)/python tests/bench/cli_bench.py
	$(BIN)/python tests/bench/kiosk_bench.py
	$(BIN)/python tests/bench/desk_bench.py

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# As root on Debian the system packages are installed too; elsewhere this step only
# reports what is missing.
system-packages: $(VENV)/bin/python
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
		if [ -n "$$missing" ]; then \
			echo "installing:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		fi; \
	else \
		for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo "note: Debian package $$p is not installed"; done; \
	fi

$(STAMP_RUN): pyproject.toml | system-packages
	$(BIN)/pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | system-packages
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

# The demo's front-desk printer: a cups-pdf queue named after `printer` in
# policies/property.toml, writing each printed letter as a PDF under ~/PDF/.
DEMO_QUEUE := frontdesk
CUPS_UP := lpstat -r 2>/dev/null | grep -q "is running"
demo-printer: system-packages
	@if [ "$$(id -u)" != "0" ]; then \
		echo "demo-printer needs root (it starts CUPS and adds a queue)"; exit 1; fi
	@$(CUPS_UP) || /usr/sbin/cupsd
	@for i in 1 2 3 4 5 6 7 8 9 10; do $(CUPS_UP) && break; sleep 0.5; done
	lpadmin -p $(DEMO_QUEUE) -E -v cups-pdf:/ -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd
	cupsenable $(DEMO_QUEUE) && cupsaccept $(DEMO_QUEUE)
	@echo "queue $(DEMO_QUEUE) ready: printed letters land in ~/PDF/"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist
