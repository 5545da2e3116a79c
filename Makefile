# Thin wrapper over the CMake presets so that the README's quick start stays two commands.
#   make run    install what is missing, build, start the workbench on the built-in sandbox
#   make test   install what is missing, build, run every test through CTest
#   make bench  build optimised and run the benchmarks in tests/bench/
#   make asan   build and test with AddressSanitizer + UndefinedBehaviorSanitizer
# CI=true (set by .ci/run) turns compiler warnings into errors.

PRESET ?= dev
JOBS ?= 2
WERROR := $(if $(CI),ON,OFF)

.PHONY: run test bench asan deps configure build serve clean

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

deps:
	@installer/install-deps.sh

configure: deps
	cmake --preset $(PRESET) -DBATCHLAB_WERROR=$(WERROR) >/dev/null

build: configure
	cmake --build --preset $(PRESET) -j $(JOBS)

clean:
	rm -rf build
