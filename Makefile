# transit — build, run, test and measure.
#
#   make run     convert a sample report (page text) to YAML and print it
#   make test    build and run every test
#   make bench   reader/writer throughput against the raw C parsers, and validation of a
#                generated archive against Python's jsonschema, in one run
#
# Every target first makes sure the system libraries transit builds on are present
# (libyaml, libxml2 and pkg-config, from Debian's packages) and installs what is missing.

SWIFT        ?= swift
PREFIX       ?= /usr/local
CONFIG       ?= release
BIN          := .build/$(CONFIG)/transit
SAMPLE       ?= Samples/kyrgyzstan-2022.txt
APT_PACKAGES := libyaml-dev libxml2-dev pkg-config python3 python3-pip
# Outside consumers the tests read transit's output with (SARIF, JUnit, JSON Schema).
PY_MODULES   := sarif:sarif-tools junitparser:junitparser jsonschema:jsonschema jsonpatch:jsonpatch
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps test-deps bench-deps build run test bench install uninstall exports samples clean

all: build

# Installs the system packages transit needs when any is missing.
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi; \
	pkg-config --exists yaml-0.1 libxml-2.0 || { echo "pkg-config cannot find yaml-0.1 and libxml-2.0" >&2; exit 1; }

# Installs the Python packages the tests use as independent readers of transit's output.
test-deps: deps
	@for m in $(PY_MODULES); do \
	  python3 -c "import $${m%%:*}" 2>/dev/null || { echo "installing $${m#*:}"; \
	    python3 -m pip install --quiet "$${m#*:}" 2>/dev/null || python3 -m pip install --quiet --break-system-packages "$${m#*:}"; }; \
	done

build: deps
	$(SWIFT) build -c $(CONFIG) --product transit

run: build
	$(BIN) convert $(SAMPLE) --to yaml

test: deps test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Peers measured beside transit: xmllint (libxml2-utils) and PyYAML's C loader.
bench-deps: deps test-deps
	@command -v xmllint >/dev/null || { echo "installing libxml2-utils"; $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libxml2-utils; }
	@python3 -c "import yaml; yaml.CSafeLoader" 2>/dev/null || python3 -m pip install --quiet pyyaml 2>/dev/null || python3 -m pip install --quiet --break-system-packages pyyaml

bench: bench-deps
	$(SWIFT) build -c release --product transit
	$(SWIFT) build -c release --product transit-bench
	.build/release/transit-bench

install: build
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/transit

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/transit

# Regenerates the schema exports from Schemas/transit.schema.yaml (a test fails when stale).
exports: build
	$(BIN) schema --format json-schema > Schemas/transit.schema.json.tmp && mv Schemas/transit.schema.json.tmp Schemas/transit.schema.json
	$(BIN) schema --format xsd > Schemas/transit.xsd.tmp && mv Schemas/transit.xsd.tmp Schemas/transit.xsd

# Regenerates each sample's YAML, XML and JSON from its page text (a test fails when stale).
samples: build
	for f in $$(find Samples -name '*.txt' | sort); do \
	  for fmt in yaml xml json; do $(BIN) convert --quiet "$$f" -o "$${f%.txt}.$$fmt" || exit 1; done; \
	done

clean:
	rm -rf .build
