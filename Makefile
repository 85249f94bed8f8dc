# Thin wrapper over CMake: `make demo` and `make test` are the README's two commands.
# Installing and building report on stderr, so `make demo | jq .` reads only the demo's output.
BUILD ?= build
MAKEFLAGS += --no-print-directory
SANITIZE ?= OFF
CMAKE_FLAGS ?=

.PHONY: all deps build demo test clean

all: build

deps:
	@bash scripts/install-deps.sh >&2

build: deps
	@cmake -S . -B $(BUILD) -DCF_SANITIZE=$(SANITIZE) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j2 >&2

demo: build
	@./$(BUILD)/clusterfreight demo

test: build
	cd $(BUILD) && ctest --output-on-failure -j1

clean:
	rm -rf $(BUILD) build-*
