# bloc — one Makefile. Targets:
#   make          build ./bloc (optimised)
#   make check    install missing packages, build with ASan+UBSan, run every test
#   make demo     install, build, ingest the bundled UN votes, print a summary
#   make bench    measured comparisons in bench/ (not tests)
#   make fuzz     run the libFuzzer targets longer than make check does
#   make clang    build ./bloc with clang too (CI builds with both compilers)

CC      ?= cc
PKGS    := sqlite3 zlib libarchive jansson libutf8proc libcrypto libxxhash igraph gsl libmicrohttpd libcurl libpq
STD     := -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wno-unused-parameter
ifeq ($(CI),true)
WARN    += -Werror
endif
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
DEFS    := -DBLOC_DATADIR='"$(CURDIR)/data"' -DBLOC_WEBDIR='"$(CURDIR)/web"'
CFLAGS  ?= -O2 -g
ALL_CFLAGS = $(STD) $(WARN) $(DEFS) -Isrc $(PKG_CFLAGS) $(CFLAGS)
LDLIBS  = $(PKG_LIBS) -lm -pthread

LIB_SRC := $(wildcard src/core/*.c src/io/*.c src/store/*.c src/registry/*.c src/api/*.c src/analysis/*.c src/output/*.c src/watch/*.c \
                      src/ingest/*.c src/metrics/*.c src/cameo/*.c src/report/*.c src/serve/*.c src/feed/*.c src/coder/*.c src/check/*.c)
CLI_SRC := $(wildcard src/cli/*.c)
TEST_SRC := $(wildcard tests/*/*_test.c) tests/unit_main.c
HDRS    := $(wildcard src/*/*.h tests/*.h tests/fuzz/*.h)

BUILD   := build
REL_OBJ := $(patsubst src/%.c,$(BUILD)/rel/%.o,$(LIB_SRC) $(CLI_SRC))
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
SAN_FLAGS = $(STD) $(WARN) $(DEFS) -Isrc -Itests $(PKG_CFLAGS) -O1 -g $(SAN)
SAN_LIB_OBJ := $(patsubst src/%.c,$(BUILD)/san/%.o,$(LIB_SRC))
SAN_CLI_OBJ := $(patsubst src/%.c,$(BUILD)/san/%.o,$(CLI_SRC))
SAN_TEST_OBJ := $(patsubst tests/%.c,$(BUILD)/san/tests/%.o,$(TEST_SRC))

BIN     ?= bloc

.PHONY: all check demo bench fuzz clang deps clean test-build
all: $(BIN)

$(BIN): $(REL_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/rel/%.o: src/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/san/%.o: src/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) -c -o $@ $<

$(BUILD)/san/tests/%.o: tests/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) -c -o $@ $<

# sanitized CLI used by the integration tests
$(BUILD)/san/bloc: $(SAN_LIB_OBJ) $(SAN_CLI_OBJ)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/san/unit: $(SAN_LIB_OBJ) $(SAN_TEST_OBJ)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(LDLIBS) $(shell pkg-config --libs cmocka)

# libFuzzer targets (clang only): the library compiled once with the
# fuzzer's coverage instrumentation, each target linked against it
FUZZ_SRC := $(wildcard tests/fuzz/*_fuzz.c)
FUZZ_BIN := $(patsubst tests/fuzz/%_fuzz.c,$(BUILD)/fuzz/%_fuzz,$(FUZZ_SRC))
FUZZ_FLAGS = $(STD) $(DEFS) -Isrc $(PKG_CFLAGS) -g -O1
FUZZ_LIB_OBJ := $(patsubst src/%.c,$(BUILD)/fuzz/obj/%.o,$(LIB_SRC))
.SECONDARY: $(FUZZ_LIB_OBJ)
$(BUILD)/fuzz/obj/%.o: src/%.c $(HDRS)
	@mkdir -p $(dir $@)
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link,address,undefined -c -o $@ $<
$(BUILD)/fuzz/%_fuzz: tests/fuzz/%_fuzz.c $(FUZZ_LIB_OBJ) $(HDRS)
	@mkdir -p $(dir $@)
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< $(FUZZ_LIB_OBJ) $(LDLIBS)

# benchmark input generator (bench/gen-gdelt)
$(BUILD)/bench/gen_gdelt: bench/gen_gdelt.c
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) -O2 -o $@ $< -lm

# the HTTP load of bench/serve.sh
$(BUILD)/bench/httpbench: bench/httpbench.c
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) -O2 -o $@ $< $(shell pkg-config --cflags --libs libcurl) -pthread

deps:
	@scripts/deps

test-build: $(BUILD)/san/bloc $(BUILD)/san/unit $(FUZZ_BIN)

check: deps
	$(MAKE) -j$(shell nproc) test-build
	tests/run-tests

demo: deps
	$(MAKE) bloc
	scripts/demo

bench: deps
	$(MAKE) bloc
	bench/run

fuzz: deps
	$(MAKE) $(FUZZ_BIN)
	tests/run-fuzz 300

clang:
	$(MAKE) CC=clang BUILD=build-clang BIN=build-clang/bloc build-clang/bloc

clean:
	rm -rf build build-clang bloc out
