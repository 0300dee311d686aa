# The two commands of the README:
#   make run   installs what is missing, builds, and migrates the bundled example stack
#   make test  installs what is missing, builds, and runs every test (also under ASan+UBSan)
.PHONY: run test build build-asan example clean

BUILD ?= build
BUILD_ASAN ?= build-asan
JOBS ?= $(shell nproc)
CMAKE_FLAGS = -G Ninja -DCMAKE_CXX_COMPILER_LAUNCHER=ccache

build:
	bash scripts/install-deps.sh
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

run: build
	bash examples/run-example.sh $(BUILD)/src/cli/ferry $(BUILD)/example

test:
	bash scripts/install-deps.sh --test
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 900
	cmake -S . -B $(BUILD_ASAN) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Debug -DFERRY_SANITIZE=ON >/dev/null
	cmake --build $(BUILD_ASAN) -j $(JOBS)
	# Under the sanitizers: every unit test and every end-to-end scenario (the
	# ferry binary itself built with ASan+UBSan). Integration tests against
	# servers run once, above: RSS bounds mean nothing under ASan's quarantine.
	cd $(BUILD_ASAN) && ctest --output-on-failure -j $(JOBS) --timeout 900 -L 'unit|e2e'

clean:
	rm -rf $(BUILD) $(BUILD_ASAN)
