# The two commands of the README:
#   make run   installs what is missing, builds, and migrates the bundled example stack
#   make test  installs what is missing, builds twice, and runs every test:
#              GCC 12 Release (all tests, servers included), then clang 14 +
#              libc++ (the macOS proxy) with ASan+UBSan and libFuzzer
#              (unit and e2e tests again, and a bounded run of every fuzz target)
.PHONY: run test build build-clang example format-check clean

BUILD ?= build
BUILD_CLANG ?= build-clang
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 20
CMAKE_FLAGS = -G Ninja -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
# ccache: paths below the clone are hashed relative to it, so a second clone
# in another folder (CI's) reuses what the first one compiled.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
CLANG_FLAGS = -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=Debug \
  -DFERRY_LIBCXX=ON -DFERRY_SANITIZE=ON -DFERRY_FUZZ=ON -DFERRY_FUZZ_SECONDS=$(FUZZ_SECONDS) \
  -DFERRY_INTEGRATION_TESTS=OFF

build:
	bash scripts/install-deps.sh
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

run: build
	bash examples/run-example.sh $(BUILD)/src/cli/ferry $(BUILD)/example

test:
	bash scripts/install-deps.sh --test
	bash scripts/format.sh --check
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Release -DFERRY_WERROR=ON >/dev/null
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 900
	cmake -S . -B $(BUILD_CLANG) $(CMAKE_FLAGS) $(CLANG_FLAGS) -DFERRY_WERROR=ON >/dev/null
	cmake --build $(BUILD_CLANG) -j $(JOBS)
	# Under the sanitizers: every unit test and every end-to-end scenario (the
	# ferry binary itself built with ASan+UBSan), then each fuzz target for
	# FUZZ_SECONDS. Integration tests against servers run once, above: RSS
	# bounds mean nothing under ASan's quarantine.
	cd $(BUILD_CLANG) && ctest --output-on-failure -j $(JOBS) --timeout 900 -L 'unit|e2e'
	cd $(BUILD_CLANG) && ctest --output-on-failure --timeout 900 -L fuzz

format-check:
	bash scripts/format.sh --check

clean:
	rm -rf $(BUILD) $(BUILD_CLANG)
