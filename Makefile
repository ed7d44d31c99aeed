# perfaudit — `make` builds and runs the batch on Inputs/ into Outputs/; `make test` runs the tests.
SHELL := /bin/bash
SWIFT ?= swift
JOBS ?=
BIN := .build/release/perfaudit

.PHONY: all deps build run test clean bench fuzz

all: run

# libxml2's and libxlsxwriter's headers, and xmllint for the tests: install them with apt when we
# can, otherwise say exactly what is missing (the build needs the headers; only the tests need xmllint).
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libxml-2.0 xlsxwriter; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "perfaudit: installing libxml2-dev, libxlsxwriter-dev and pkg-config with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-dev libxlsxwriter-dev pkg-config; \
	  else \
	    echo "perfaudit: libxml2's or libxlsxwriter's development files are missing."; \
	    echo "  Debian/Ubuntu: sudo apt-get install libxml2-dev libxlsxwriter-dev pkg-config"; \
	    echo "  Fedora/RHEL:   sudo dnf install libxml2-devel libxlsxwriter-devel pkgconf"; \
	    echo "  macOS:         brew install libxml2 libxlsxwriter pkg-config"; \
	    exit 1; \
	  fi; \
	fi
	@if ! command -v xmllint >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "perfaudit: installing libxml2-utils (xmllint, for the tests) with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-utils; \
	  else \
	    echo "perfaudit: xmllint is missing (the tests compare the XSD with the loader)."; \
	    echo "  Debian/Ubuntu: sudo apt-get install libxml2-utils"; \
	    echo "  Fedora/RHEL:   sudo dnf install libxml2"; \
	    echo "  macOS:         xmllint comes with the system"; \
	  fi; \
	fi

build: deps
	$(SWIFT) build -c release --product perfaudit

run: build
	$(BIN) run Inputs --out Outputs $(if $(JOBS),--jobs $(JOBS)) || [ $$? -eq 2 ]

# XCTest only (no Swift Testing suites); the last line is the plain "N passed, N failed" count.
test: deps
	@mkdir -p .build; set -o pipefail; $(SWIFT) test --disable-swift-testing 2>&1 | tee .build/test.log; status=$$?; \
	  summary=$$(grep -E '^[[:space:]]*Executed [0-9]+ tests?, with [0-9]+ failures?' .build/test.log | tail -n 1); \
	  total=$$(echo "$$summary" | sed -E 's/.*Executed ([0-9]+) tests?.*/\1/'); \
	  failed=$$(echo "$$summary" | sed -E 's/.*with ([0-9]+) failures?.*/\1/'); \
	  if [ -n "$$summary" ]; then echo "$$((total - failed)) passed, $$failed failed"; fi; \
	  exit $$status

bench: build
	bash bench/run.sh

fuzz: deps
	bash fuzz/run.sh

clean:
	rm -rf .build .build-*
	find Outputs -type f ! -name .gitkeep ! -name README.md -delete
