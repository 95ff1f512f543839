# TerriDiag — make demo | make test | make package | make install | make translations
# `make demo` and `make test` set up a fresh Debian 12 machine themselves (scripts/setup.sh) and
# skip what is already installed.
SHELL := /bin/bash
PLUGIN := terridiag
VENV := .venv
PY := $(VENV)/bin/python
MODERN_PY := .venv-modern/bin/python
QGIS_PROFILE ?= $(HOME)/.local/share/QGIS/QGIS3/profiles/default
LRELEASE := $(firstword $(wildcard /usr/lib/qt5/bin/lrelease /usr/bin/lrelease-qt5 /usr/bin/lrelease))
export QT_QPA_PLATFORM ?= offscreen
export XDG_RUNTIME_DIR ?= /tmp/runtime-$(shell id -u)

.PHONY: setup setup-test demo test test-unit test-modern test-qgis test-e2e translations help package install clean bench bench-national

setup:
	@bash scripts/setup.sh runtime

setup-test:
	@bash scripts/setup.sh test

translations:
	@if [ -z "$(LRELEASE)" ]; then bash scripts/setup.sh runtime; fi
	@for ts in i18n/*.ts; do \
	  $(firstword $(wildcard /usr/lib/qt5/bin/lrelease /usr/bin/lrelease-qt5 /usr/bin/lrelease)) -silent "$$ts" -qm "$${ts%.ts}.qm"; \
	done
	@echo "translations: built $$(ls i18n/*.qm | wc -l) .qm file(s)"

# the algorithms' help pages (French and English) in ./help, for a checkout linked into a QGIS profile
help: setup translations
	@$(PY) scripts/help_pages.py help

demo: setup translations
	$(PY) scripts/run_demo.py demo-output
	@echo "demo: results in demo-output/"

# The full suite: engine tests on Debian's stack and on current releases, QGIS tests (pytest-qgis,
# offscreen), UI tests (pytest-qt), end-to-end tests (real QGIS desktop under Xvfb, headless Chromium).
test: setup-test translations
	@mkdir -p "$(XDG_RUNTIME_DIR)" && chmod 700 "$(XDG_RUNTIME_DIR)"
	$(MODERN_PY) -m pytest tests/unit -q -p no:cacheprovider
	$(PY) -m pytest tests -q -p no:cacheprovider

test-unit: setup-test
	$(PY) -m pytest tests/unit -q

# Fair benchmarks (issue 14): each writes bench/output/results/<name>.json and fails if the two
# sides' results differ; report.py gathers them into bench/results.md and the README's
# performance table is made from it. Run on a quiet machine (the load is recorded next to the
# figures). bench-national generates 26 M addresses once (about 2.5 GB in bench/output).
bench: setup-test
	$(PY) bench/bench_coverage.py --runs 5
	$(PY) bench/profile_coverage.py
	$(PY) bench/bench_2sfca.py
	$(PY) bench/bench_network.py
	$(PY) bench/bench_growth.py
	$(PY) bench/bench_read_ban.py
	$(MODERN_PY) bench/bench_read_ban.py
	$(PY) bench/bench_placement.py
	$(PY) bench/bench_dask.py
	$(PY) bench/bench_dask.py --network
	$(PY) bench/bench_webmap.py
	$(PY) bench/bench_startup.py
	$(PY) bench/report.py
	$(PY) scripts/readme_bench.py

bench-national: setup-test
	$(PY) bench/bench_growth.py --national
	$(PY) bench/bench_national_report.py
	$(PY) bench/report.py
	$(PY) scripts/readme_bench.py

package: setup translations
	@rm -rf dist/$(PLUGIN) dist/$(PLUGIN).zip && mkdir -p dist/$(PLUGIN)
	@git ls-files -z | grep -zvE '^(tests|bench|scripts|requirements|docs|\.ci)/|^\.git|^\.flake8$$|^pytest\.ini$$|^Makefile$$|^i18n/.*\.ts$$' \
	  | xargs -0 -I{} cp --parents {} dist/$(PLUGIN)/
	@mkdir -p dist/$(PLUGIN)/i18n && cp i18n/*.qm dist/$(PLUGIN)/i18n/
	@$(PY) scripts/help_pages.py dist/$(PLUGIN)/help >/dev/null
	@find dist/$(PLUGIN) \( -name __pycache__ -o -name '*.pyc' \) -prune -exec rm -rf {} +
	@cd dist && zip -qr $(PLUGIN).zip $(PLUGIN)
	@$(PY) scripts/check_package.py dist/$(PLUGIN).zip

install: package
	@mkdir -p "$(QGIS_PROFILE)/python/plugins"
	@rm -rf "$(QGIS_PROFILE)/python/plugins/$(PLUGIN)"
	@cp -r dist/$(PLUGIN) "$(QGIS_PROFILE)/python/plugins/$(PLUGIN)"
	@echo "installed into $(QGIS_PROFILE)/python/plugins/$(PLUGIN) — enable it in Plugins > Manage and Install Plugins"

clean:
	rm -rf dist demo-output test-artifacts .build bench/output i18n/*.qm help
