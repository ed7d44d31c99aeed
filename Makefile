# perfaudit — `make` builds and runs the batch on Inputs/ into Outputs/; `make test` runs the tests.
SWIFT ?= swift
JOBS ?=
BIN := .build/release/perfaudit

.PHONY: all deps build run test clean bench fuzz

all: run

# libxml2's headers: install them with apt when we can, otherwise say exactly what is missing.
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libxml-2.0; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "perfaudit: installing libxml2-dev and pkg-config with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-dev pkg-config; \
	  else \
	    echo "perfaudit: libxml2's development files are missing."; \
	    echo "  Debian/Ubuntu: sudo apt-get install libxml2-dev pkg-config"; \
	    echo "  Fedora/RHEL:   sudo dnf install libxml2-devel pkgconf"; \
	    echo "  macOS:         brew install libxml2 pkg-config"; \
	    exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build -c release --product perfaudit

run: build
	$(BIN) run Inputs --out Outputs $(if $(JOBS),--jobs $(JOBS)) || [ $$? -eq 2 ]

test: deps
	$(SWIFT) test

bench: build
	bash bench/run.sh

fuzz: deps
	bash fuzz/run.sh

clean:
	rm -rf .build .build-*
	find Outputs -type f ! -name .gitkeep ! -name README.md -delete
