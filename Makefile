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
BIN          ?= .build/$(CONFIG)/transit
# A release binary carries the Swift runtime and Foundation in itself: it starts in about half
# the time (no 20-odd shared libraries to load and relocate: 12 ms -> 6 ms for --version) and
# runs where no Swift toolchain is installed. Every release build uses the same flags, so that
# SwiftPM never rebuilds the whole package between two products.
STATIC_FLAG  := --static-swift-stdlib
STATIC       := $(if $(filter release,$(CONFIG)),$(STATIC_FLAG))
SAMPLE       ?= Samples/kyrgyzstan-2022.txt
APT_PACKAGES := libyaml-dev libxml2-dev libzip-dev pkg-config python3 python3-pip
# Outside consumers the tests read transit's output with (SARIF, JUnit, JSON Schema).
PY_MODULES   := openpyxl:openpyxl yaml:pyyaml sarif:sarif-tools junitparser:junitparser jsonschema:jsonschema jsonpatch:jsonpatch pre_commit:pre-commit html5lib:html5lib
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: docs hooks check-install fuzz-corpus fuzz-smoke all deps test-deps bench-deps build run test test-sanitize fuzz fuzz-build bench man install uninstall exports samples clean

all: build

# Installs the system packages transit needs when any is missing.
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi; \
	pkg-config --exists yaml-0.1 libxml-2.0 libzip || { echo "pkg-config cannot find yaml-0.1, libxml-2.0 and libzip" >&2; exit 1; }

# Installs what the tests use besides the build: Debian's chromium (the browser test renders the
# trends page), git (the pre-commit test), xmllint (the judge of XML well-formedness), script
# (bsdutils: a terminal for the colour test), LibreOffice (a reader of the workbooks transit
# writes), and the Python packages the tests use as independent readers of transit's output.
TEST_APT_PACKAGES := chromium git libxml2-utils bsdutils groff-base util-linux
test-deps: deps
	@missing=""; \
	for p in $(TEST_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@# LibreOffice, the judge of the workbooks transit writes: its core without a GUI, no recommends.
	@dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || { echo "installing libreoffice-calc-nogui"; $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui; }
	@for m in $(PY_MODULES); do \
	  python3 -c "import $${m%%:*}" 2>/dev/null || { echo "installing $${m#*:}"; \
	    python3 -m pip install --quiet "$${m#*:}" 2>/dev/null || python3 -m pip install --quiet --break-system-packages "$${m#*:}"; }; \
	done

# The library's documentation (DocC), built with warnings as errors into .build/docs (a static
# site: open .build/docs/documentation/transitkit/index.html through any web server), in a scratch
# folder of its own (the symbol graph's build flags would rebuild the tests' .build/debug). It
# fails on a public declaration without a documentation comment (docs/undocumented.py reads the
# symbol graph), on a public symbol left out of the overview's topic groups, and on article code that does not compile as a client's program would
# (docs/article_code.py: the public interface alone). The tests run the same code.
DOCS_SCRATCH := .build-docs
docs: deps
	@mkdir -p .build
	$(SWIFT) package --scratch-path $(DOCS_SCRATCH) --allow-writing-to-directory .build/docs \
	  generate-documentation --target TransitKit --warnings-as-errors \
	  --transform-for-static-hosting --output-path .build/docs
	python3 docs/undocumented.py "$$(find $(DOCS_SCRATCH) -path '*extracted-symbols*' -name TransitKit.symbols.json | head -1)" \
	  .build/docs/data/documentation/transitkit.json
	python3 docs/article_code.py Sources/TransitKit/TransitKit.docc $(DOCS_SCRATCH)/debug/Modules -- \
	  -I Sources/CYAML -I Sources/CLibXML2 -I Sources/CZip $$(pkg-config --cflags-only-I libxml-2.0 | sed 's/-I/-Xcc -I/g')

# The man-page plugin builds the tool again without --static-swift-stdlib: it builds in a
# scratch folder of its own (.build-man), so that .build/release/transit stays the static binary
# (in .build, SwiftPM took the plugin's dynamic link for up to date). A release binary that
# links the toolchain's runtime all the same is refused. The static binary is kept aside
# (.build/static/transit) for install.
build: deps
	$(SWIFT) build -c $(CONFIG) $(STATIC) --product transit
	@if [ "$(CONFIG)" = release ]; then \
	  if ldd $(BIN) | grep -q libswiftCore; then echo "$(BIN) links the toolchain's Swift runtime (an older man-page build relinked it): rm -rf .build/*/release and make build again" >&2; exit 1; fi; \
	  mkdir -p .build/static && cp $(BIN) .build/static/transit; \
	fi

run: build
	$(BIN) convert $(SAMPLE) --to yaml

test: deps test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest

# The test suite under AddressSanitizer, then ThreadSanitizer (the parallel batch code, and the
# stress test of libxml2's first use from many threads). Leak reports are off: the Swift runtime
# keeps its metadata caches to the end on purpose. ThreadSanitizer reads its suppressions (each
# with its reason) from .tsan-suppressions. Each run is bounded (SANITIZE_TIMEOUT seconds), so a
# hang fails instead of stalling CI. About 10 minutes in all on 2 cores, builds included.
SANITIZE_TIMEOUT ?= 1500
test-sanitize: deps test-deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=0 TRANSIT_TIME_SCALE=8 TRANSIT_MUTATION_STRIDE=5 timeout --kill-after=10 $(SANITIZE_TIMEOUT) $(SWIFT) test --skip-build --disable-xctest --sanitize=address --scratch-path .build-asan
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	TSAN_OPTIONS="halt_on_error=1 suppressions=$(CURDIR)/.tsan-suppressions" TRANSIT_TIME_SCALE=8 TRANSIT_MUTATION_STRIDE=5 timeout --kill-after=10 $(SANITIZE_TIMEOUT) $(SWIFT) test --skip-build --disable-xctest --sanitize=thread --scratch-path .build-tsan

# libFuzzer targets (page text, YAML, XML, JSON, the rule language, the schema file) with
# AddressSanitizer, each run for FUZZ_SECONDS from seed corpora made of the samples and the
# schemas; crashes land in
# .build-fuzz/crashes/. Then the round-trip property test with FUZZ_CASES random reports.
FUZZ_SECONDS ?= 600
FUZZ_CASES   ?= 20000
FUZZ_TARGETS := text yaml xml json expression schema xlsx
# Swift's -sanitize=fuzzer on Linux (6.3) leaves the code without coverage counters, so
# libFuzzer runs blind ("Is the code instrumented for coverage?"), and -sanitize-coverage=edge
# alone gives trace-pc-guard, which today's libFuzzer refuses: the counters libFuzzer reads are
# asked of LLVM's coverage pass directly. The run stops if the binary still has none.
FUZZ_COVERAGE := -Xswiftc -sanitize-coverage=edge -Xswiftc -Xllvm -Xswiftc -sanitizer-coverage-inline-8bit-counters \
                 -Xswiftc -Xllvm -Xswiftc -sanitizer-coverage-pc-table
# The targets are built optimised (FUZZ_CONFIG=release), with AddressSanitizer and the
# coverage counters: the debug build ran 40-75 times fewer inputs a second.
FUZZ_CONFIG ?= release
FUZZ_BIN     = .build-fuzz/$(FUZZ_CONFIG)
fuzz-build: deps
	@# SwiftPM keeps the fuzz package's build plan across a dependency's new or renamed files:
	@# the plan is made again when the list of the library's files changed.
	@mkdir -p .build-fuzz; find Sources Fuzz/Sources -type f -o -type l | sort > .build-fuzz/files.new; \
	  cmp -s .build-fuzz/files.new .build-fuzz/files.list || rm -f .build-fuzz/release.yaml .build-fuzz/debug.yaml .build-fuzz/build.db; \
	  mv .build-fuzz/files.new .build-fuzz/files.list
	$(SWIFT) build --package-path Fuzz --scratch-path .build-fuzz -c $(FUZZ_CONFIG) --sanitize=fuzzer --sanitize=address $(FUZZ_COVERAGE)
	@for t in $(FUZZ_TARGETS); do nm $(FUZZ_BIN)/fuzz-$$t | grep -q __start___sancov_cntrs \
	  || { echo "fuzz-$$t has no coverage counters: libFuzzer would run blind" >&2; exit 1; }; done

# Seed corpora: the samples, the fault pages, the schemas' rule expressions, the schema files.
fuzz-corpus:
	@mkdir -p .build-fuzz/crashes
	@for t in $(FUZZ_TARGETS); do mkdir -p .build-fuzz/corpus/$$t; done
	@for f in $$(find Samples Samples-FIW Samples-FOTN Tests/Families Tests/transitTests/Faults -name '*.txt'); do cp $$f .build-fuzz/corpus/text/; done
	@for e in yaml xml json; do for f in $$(find Samples Samples-FIW Samples-FOTN -name "*.$$e"); do cp $$f .build-fuzz/corpus/$$e/; done; done
	@grep -hE '^\s+(check|expect|actual|when):' Schemas/*.schema.yaml | sed -E 's/^\s+[a-z]+: //; s/^"(.*)"$$/\1/' \
	  | awk '{ f = sprintf(".build-fuzz/corpus/expression/rule-%03d", NR); print > f; close(f) }'
	@cp Schemas/*.schema.yaml Tests/Families/*/*.schema.yaml .build-fuzz/corpus/schema/
	@# Workbooks: the test workbooks (not the zip bomb), and their sheets' XML with their shared
	@# strings after a NUL byte, for the target to pack.
	@python3 Tests/consumers/make_workbooks.py .build-fuzz/workbooks && rm -f .build-fuzz/workbooks/bomb.xlsx \
	  && cp .build-fuzz/workbooks/*.xlsx .build-fuzz/corpus/xlsx/ \
	  && python3 -c "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); open(sys.argv[2], 'wb').write(z.read('xl/worksheets/sheet2.xml') + b'\0' + z.read('xl/sharedStrings.xml'))" \
	     .build-fuzz/workbooks/coastal.xlsx .build-fuzz/corpus/xlsx/coastal-parts

# Every target for FUZZ_SECONDS, its inputs a second printed; a crash fails. Then the round-trip
# property test with FUZZ_CASES random reports.
fuzz: fuzz-build fuzz-corpus test-deps
	Fuzz/run-targets.sh $(FUZZ_BIN) $(FUZZ_SECONDS) $(FUZZ_TARGETS)
	$(SWIFT) build --build-tests
	TRANSIT_PROPERTY_CASES=$(FUZZ_CASES) TRANSIT_PROPERTY_SEED=$$(date +%s) $(SWIFT) test --skip-build --disable-xctest --filter PropertyTests

# CI's smoke run: every target for FUZZ_SMOKE_SECONDS, so that a crash or a slowdown is seen at once.
FUZZ_SMOKE_SECONDS ?= 30
fuzz-smoke: fuzz-build fuzz-corpus
	Fuzz/run-targets.sh $(FUZZ_BIN) $(FUZZ_SMOKE_SECONDS) $(FUZZ_TARGETS)

# Peers measured beside transit: xmllint (libxml2-utils) and PyYAML's C loader.
bench-deps: deps test-deps
	@command -v xmllint >/dev/null || { echo "installing libxml2-utils"; $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libxml2-utils; }
	@python3 -c "import yaml; yaml.CSafeLoader" 2>/dev/null || python3 -m pip install --quiet pyyaml 2>/dev/null || python3 -m pip install --quiet --break-system-packages pyyaml
	@command -v check-jsonschema >/dev/null || { echo "installing check-jsonschema"; python3 -m pip install --quiet check-jsonschema 2>/dev/null || python3 -m pip install --quiet --break-system-packages check-jsonschema; }

bench: bench-deps
	$(SWIFT) build -c release $(STATIC_FLAG) --product transit
	$(SWIFT) build -c release $(STATIC_FLAG) --product transit-bench
	@mkdir -p bench-out
	.build/release/transit-bench --json bench-out/bench.json $(BENCH_ARGS)

# The binary, a man page per command (generated from the commands' own help by
# swift-argument-parser's generate-manual plugin) and completions for bash, zsh and fish.
MANDIR        = $(PREFIX)/share/man/man1
BASH_COMPDIR  = $(PREFIX)/share/bash-completion/completions
ZSH_COMPDIR   = $(PREFIX)/share/zsh/site-functions
FISH_COMPDIR  = $(PREFIX)/share/fish/vendor_completions.d

# (The plugin builds the tool again without --static-swift-stdlib, and its pages hold empty
# lines, which mdoc warns of: the pages are cleaned, and install builds the static binary again.)
man: build
	rm -rf .build/man && mkdir -p .build/man
	$(SWIFT) package --scratch-path .build-man --allow-writing-to-directory .build/man generate-manual --multi-page --output-directory .build/man
	sed -i '/^[[:space:]]*$$/d' .build/man/*.1

INSTALLED_BIN := .build/static/transit
install: man
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR) $(DESTDIR)$(BASH_COMPDIR) $(DESTDIR)$(ZSH_COMPDIR) $(DESTDIR)$(FISH_COMPDIR)
	install -m 755 $(INSTALLED_BIN) $(DESTDIR)$(PREFIX)/bin/transit
	install -m 644 .build/man/*.1 $(DESTDIR)$(MANDIR)/
	$(INSTALLED_BIN) --generate-completion-script bash > $(DESTDIR)$(BASH_COMPDIR)/transit
	$(INSTALLED_BIN) --generate-completion-script zsh > $(DESTDIR)$(ZSH_COMPDIR)/_transit
	$(INSTALLED_BIN) --generate-completion-script fish > $(DESTDIR)$(FISH_COMPDIR)/transit.fish

# What make install installs, checked as a user without the toolchain would have it: the binary
# links no library of the Swift toolchain, runs with the toolchain's folder hidden (a bind
# mount in a mount namespace of its own; needs root), and every man page reads without a warning.
TOOLCHAIN = $(shell dirname $$(dirname $$(readlink -f $$(command -v $(SWIFT)))))
check-install:
	@rm -rf .build/install-check && mkdir -p .build/install-check/empty
	$(MAKE) install DESTDIR=$(CURDIR)/.build/install-check/root PREFIX=/usr/local
	@bin=.build/install-check/root/usr/local/bin/transit; \
	if ldd $$bin | grep -E 'libswift|libFoundation|libdispatch|$(TOOLCHAIN)'; then echo "the installed binary needs the toolchain's libraries" >&2; exit 1; fi; \
	unshare --mount sh -c "mount --bind $(CURDIR)/.build/install-check/empty $(TOOLCHAIN) && $(CURDIR)/$$bin convert $(SAMPLE) --to json -q > /dev/null" \
	  || { echo "the installed binary does not run with the toolchain ($(TOOLCHAIN)) hidden" >&2; exit 1; }; \
	for page in .build/install-check/root/usr/local/share/man/man1/*.1; do \
	  out=$$(groff -mandoc -ww -z $$page 2>&1); [ -z "$$out" ] || { echo "$$page: $$out" >&2; exit 1; }; \
	done; \
	echo "check-install: the installed binary runs without the toolchain; $$(ls .build/install-check/root/usr/local/share/man/man1 | wc -l) man pages read cleanly"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/transit $(DESTDIR)$(MANDIR)/transit.1 $(DESTDIR)$(MANDIR)/transit.*.1
	rm -f $(DESTDIR)$(BASH_COMPDIR)/transit $(DESTDIR)$(ZSH_COMPDIR)/_transit $(DESTDIR)$(FISH_COMPDIR)/transit.fish

# Regenerates the file pattern of the pre-commit hooks from every compiled-in family's subjects
# (a test fails when it is stale).
hooks: build
	$(BIN) schema --format file-pattern | python3 -c "import re,sys; p=sys.stdin.read().strip().replace(\"'\",\"''\"); f='.pre-commit-hooks.yaml'; t=open(f).read(); open(f,'w').write(re.sub(r\"(?m)^  files: '.*'$$\", lambda m: \"  files: '\"+p+\"'\", t))"

# Regenerates the schema exports from the schema files, and the schema file reference and its
# JSON Schema from the loader's key tables (a test fails when any is stale).
exports: build
	$(BIN) schema --format json-schema > Schemas/nit.schema.json.tmp && mv Schemas/nit.schema.json.tmp Schemas/nit.schema.json
	$(BIN) schema --format xsd > Schemas/nit.xsd.tmp && mv Schemas/nit.xsd.tmp Schemas/nit.xsd
	$(BIN) schema --family fiw --format json-schema > Schemas/fiw.schema.json.tmp && mv Schemas/fiw.schema.json.tmp Schemas/fiw.schema.json
	$(BIN) schema --family fiw --format xsd > Schemas/fiw.xsd.tmp && mv Schemas/fiw.xsd.tmp Schemas/fiw.xsd
	$(BIN) schema --family fotn --format json-schema > Schemas/fotn.schema.json.tmp && mv Schemas/fotn.schema.json.tmp Schemas/fotn.schema.json
	$(BIN) schema --family fotn --format xsd > Schemas/fotn.xsd.tmp && mv Schemas/fotn.xsd.tmp Schemas/fotn.xsd
	$(BIN) schema --family fiw-ratings --format json-schema > Schemas/fiw-ratings.schema.json.tmp && mv Schemas/fiw-ratings.schema.json.tmp Schemas/fiw-ratings.schema.json
	$(BIN) schema --family fiw-ratings --format xsd > Schemas/fiw-ratings.xsd.tmp && mv Schemas/fiw-ratings.xsd.tmp Schemas/fiw-ratings.xsd
	$(BIN) schema --format reference > docs/schema-reference.md.tmp && mv docs/schema-reference.md.tmp docs/schema-reference.md
	$(BIN) schema --format reference-json-schema > Schemas/schema-file.schema.json.tmp && mv Schemas/schema-file.schema.json.tmp Schemas/schema-file.schema.json

# Regenerates each sample's YAML, XML and JSON from its page text (a test fails when stale).
samples: build
	for f in $$(find Samples Samples-FIW Samples-FOTN -name '*.txt' | sort); do \
	  for fmt in yaml xml json; do $(BIN) convert --quiet "$$f" -o "$${f%.txt}.$$fmt" || exit 1; done; \
	done

clean:
	rm -rf .build
