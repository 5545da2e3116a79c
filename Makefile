# SPDX-License-Identifier: BSD-3-Clause
# Thin wrapper over the CMake presets so that the README's quick start stays two commands.
#   make run    install what is missing, build, start the workbench on the built-in sandbox
#   make test   install what is missing, build, run every test through CTest
#   make bench  build optimised and run the benchmarks in tests/bench/
#   make asan   build and test with AddressSanitizer + UndefinedBehaviorSanitizer + LeakSanitizer
#   make fuzz   build the codecs' libFuzzer targets (clang) and run each for FUZZ_SECONDS
#   make package  build a release tree and make build/release/packages/batchlab_*.deb and .tar.gz
# CI=true (set by .ci/run) turns compiler warnings into errors.

PRESET ?= dev
JOBS ?= 2
WERROR := $(if $(CI),ON,OFF)

.PHONY: run test bench asan fuzz package deps configure build serve clean

run: build
	./build/$(PRESET)/app/batchlab $(ARGS)

serve: build
	./build/$(PRESET)/app/batchlab serve $(ARGS)

test: build
	ctest --preset $(PRESET) -j $(JOBS)

bench:
	$(MAKE) build PRESET=release
	cmake --build --preset release --target bench

asan:
	$(MAKE) test PRESET=asan

# Only what the package installs is built (the binary, its man page and completion), then
# CPack makes the .deb (Qt dependencies from dpkg-shlibdeps) and the .tar.gz.
package:
	$(MAKE) configure PRESET=release
	cmake --build --preset release -j $(JOBS) --target batchlab batchlab_docs
	cd build/release && cpack -G "DEB;TGZ" -B packages

# Each target runs for FUZZ_SECONDS on a working copy of its corpus in build/fuzz/corpus/<name>,
# seeded from tests/fixtures/fuzz/<name> and .../regressions/<name>; the source tree is never
# written. Crashes, timeouts and leaks land in build/fuzz/artifacts/<name>/; copy one worth
# keeping to tests/fixtures/fuzz/regressions/<name>/ so that tst_fuzzreplay_<name> replays it.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= jsonbatch multipartbatch jsonrpcbatch curl har postman wirehar
FUZZ_ARGS ?=
FUZZ_DIR := build/fuzz

fuzz:
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j $(JOBS)
	@status=0; for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/artifacts/$$t; \
	    cp -n tests/fixtures/fuzz/$$t/* $(FUZZ_DIR)/corpus/$$t/; \
	    if [ -d tests/fixtures/fuzz/regressions/$$t ]; then \
	        cp -n tests/fixtures/fuzz/regressions/$$t/* $(FUZZ_DIR)/corpus/$$t/; fi; \
	    echo "== fuzz_$$t for $(FUZZ_SECONDS) s (log: $(FUZZ_DIR)/fuzz_$$t.log)"; \
	    { $(FUZZ_DIR)/tests/fuzz/fuzz_$$t $(FUZZ_DIR)/corpus/$$t \
	        -max_total_time=$(FUZZ_SECONDS) -timeout=10 -max_len=8192 -print_final_stats=1 \
	        -dict=tests/fuzz/$$t.dict -artifact_prefix=$(FUZZ_DIR)/artifacts/$$t/ $(FUZZ_ARGS) \
	        2>&1; echo $$? >$(FUZZ_DIR)/fuzz_$$t.status; } | tee $(FUZZ_DIR)/fuzz_$$t.log \
	    | grep --line-buffered -E '(INITED|pulse|DONE) |^==[0-9]+==|^\*\*\*|^SUMMARY|^stat::|artifact'; \
	    if [ "$$(cat $(FUZZ_DIR)/fuzz_$$t.status)" != 0 ]; then status=1; \
	        echo "!! fuzz_$$t found a problem: see $(FUZZ_DIR)/fuzz_$$t.log"; fi; \
	done; exit $$status

deps:
	@installer/install-deps.sh

configure: deps
	cmake --preset $(PRESET) -DBATCHLAB_WERROR=$(WERROR) >/dev/null

build: configure
	cmake --build --preset $(PRESET) -j $(JOBS)

clean:
	rm -rf build
