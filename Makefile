# The commands the README shows.  The build itself is Meson's; this file
# only strings the steps together and installs what is missing first.

BUILD        ?= build
BUILD_ASAN   ?= build-asan
BUILD_FUZZ   ?= build-fuzz
FUZZ_SECONDS ?= 60
PYTEST       ?= /usr/bin/python3 -m pytest
ARGS         ?=

.PHONY: all deps run test unit http fuzz bench clean install asan browser-deps

all: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

deps:
	@scripts/install-deps --check >/dev/null 2>&1 || scripts/install-deps

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=release

$(BUILD_ASAN)/build.ninja:
	meson setup $(BUILD_ASAN) --buildtype=debug \
	    -Db_sanitize=address,undefined -Db_lundef=false

asan: deps $(BUILD_ASAN)/build.ninja
	ninja -C $(BUILD_ASAN)

# Starts the default server on http://127.0.0.1:8080 (ARGS adds options).
run: all
	./$(BUILD)/teapot $(ARGS)

# playwright-core for the browser test, from the npm registry, exactly as
# tests/browser/package-lock.json pins it.
browser-deps: deps tests/browser/node_modules/.package-lock.json

tests/browser/node_modules/.package-lock.json: tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund

# Every suite, against the release build and the sanitizer build (the
# browser test included), then the fuzzer for 30 seconds.
test: all asan browser-deps
	meson test -C $(BUILD) --print-errorlogs
	meson test -C $(BUILD_ASAN) --print-errorlogs
	TEAPOT_BUILD=$(BUILD) $(PYTEST) -q tests/http
	TEAPOT_BUILD=$(BUILD_ASAN) $(PYTEST) -q tests/http
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=30

$(BUILD_FUZZ)/fuzz-parse: src/lib/parse.c src/lib/parse.h tests/fuzz/fuzz_parse.c
	mkdir -p $(BUILD_FUZZ)
	clang -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all -Iinclude -Isrc/lib \
	    src/lib/parse.c tests/fuzz/fuzz_parse.c -o $@

# libFuzzer writes what it finds into a scratch corpus, never into the
# committed seeds; a crash or sanitizer report fails the target.
fuzz: deps $(BUILD_FUZZ)/fuzz-parse
	mkdir -p $(BUILD_FUZZ)/corpus $(BUILD_FUZZ)/artifacts
	$(BUILD_FUZZ)/fuzz-parse -max_total_time=$(FUZZ_SECONDS) \
	    -artifact_prefix=$(BUILD_FUZZ)/artifacts/ -print_final_stats=1 \
	    $(BUILD_FUZZ)/corpus tests/fuzz/corpus

bench: all
	bench/run

install: all
	meson install -C $(BUILD)

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_FUZZ)
