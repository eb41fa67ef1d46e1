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

.PHONY: run test lint system-packages bench demo-printer clean catalogues bytecode

run: $(STAMP_RUN) $(MO) bytecode
	$(BIN)/kiosk demo

# The kiosk's bytecode, compiled as pip does for an installed wheel: a terminal whose
# environment says not to write bytecode (PYTHONDONTWRITEBYTECODE) would otherwise compile
# every module from source at each start, and so would each command the tests run.
# Up-to-date files are skipped, so this costs nothing when nothing changed.
bytecode: $(STAMP_RUN)
	$(BIN)/python -m compileall -q -j 0 kiosk

# The suite runs on every core (pytest-xdist), a test file to a worker so the seeded stores
# a file shares are built once; each worker starts its own CUPS and PostgreSQL.
test: lint $(MO) bytecode
	$(BIN)/pytest -n auto --dist loadfile

lint: $(STAMP_TEST)
	$(BIN)/ruff check kiosk tests
	$(BIN)/lint-imports
	$(BIN)/mypy

# The 100,000-incident store the store and memory benchmarks share (seeded on the
# first run, a few minutes; each run works on a fresh copy).
BENCH_SEED ?= /tmp/kiosk-bench-seed

bench: $(STAMP_TEST) bytecode
	$(BIN)/python tests/bench/store_bench.py --seeded $(BENCH_SEED)
	$(BIN)/python tests/bench/letter_bench.py
	$(BIN)/python tests/bench/report_bench.py
	$(BIN)/python tests/bench/cli_bench.py
	$(BIN)/python tests/bench/kiosk_bench.py
	$(BIN)/python tests/bench/desk_bench.py --skip-memory
	$(BIN)/python tests/bench/memory_bench.py --seeded $(BENCH_SEED)

# The staff's language: gettext catalogues under kiosk/locale, managed with Babel.
# `make catalogues` after changing any message in the code: it extracts the template
# (kiosk.pot) and brings each language's .po up to date (new messages empty, changed ones
# marked fuzzy, removed ones dropped; the Plural-Forms each catalogue was given stay). The
# .mo files are compiled from the .po at install (hatch_build.py) and again here whenever
# a .po is newer, so `make run` and `make test` always read the current words.
LOCALE := kiosk/locale
POT := $(LOCALE)/kiosk.pot
LANGUAGES := en hy sw
PO := $(foreach lang,$(LANGUAGES),$(LOCALE)/$(lang)/LC_MESSAGES/kiosk.po)
MO := $(PO:.po=.mo)

catalogues: $(STAMP_RUN)
	$(BIN)/pybabel -q extract -F babel.cfg --sort-output --add-location=file \
		-c TRANSLATORS: --project=kiosk --version=1 -o $(POT).new kiosk
	@# Only the creation date changed: keep the old template, so nothing shows as changed.
	@if [ -f $(POT) ] && diff -q -I '^"POT-Creation-Date' $(POT) $(POT).new >/dev/null; \
		then rm $(POT).new; else mv $(POT).new $(POT); fi
	@for lang in $(LANGUAGES); do \
		po=$(LOCALE)/$$lang/LC_MESSAGES/kiosk.po; \
		if [ -f $$po ]; then \
			$(BIN)/pybabel -q update -D kiosk -d $(LOCALE) -i $(POT) -l $$lang \
				--ignore-obsolete --previous --ignore-pot-creation-date; \
		else \
			$(BIN)/pybabel -q init -D kiosk -d $(LOCALE) -i $(POT) -l $$lang; \
			echo "new catalogue $$po: check its Plural-Forms against CLDR (README)"; \
		fi; \
	done
	$(MAKE) --no-print-directory $(MO)

$(LOCALE)/%/LC_MESSAGES/kiosk.mo: $(LOCALE)/%/LC_MESSAGES/kiosk.po | $(STAMP_RUN)
	$(BIN)/pybabel -q compile -D kiosk -d $(LOCALE) -l $*

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
