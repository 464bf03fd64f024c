# sockspec — top-level build. `make run` and `make check` are the two
# commands README.md opens with; everything else is reachable from here.

# Under CI (CI=true) recipes are not echoed: the output is the results.
ifneq ($(CI),)
.SILENT:
endif

CC      ?= cc
PREFIX  ?= /usr/local
BUILD   := build
WARN    := -Wall -Wextra -Werror
CSTD    := -std=c11 -D_GNU_SOURCE
CFLAGS  ?= -O2 -g
ALLCFLAGS = $(CSTD) $(WARN) $(CFLAGS) -fPIC -Iref/include -Iref/src
SANFLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer
FUZZ_SECONDS ?= 60

LIB_SRC  := $(sort $(wildcard ref/src/*.c))
LIB_HDR  := ref/include/sockref.h $(wildcard ref/src/*.h)
LIB_OBJ  := $(LIB_SRC:ref/src/%.c=$(BUILD)/obj/%.o)
ASAN_OBJ := $(LIB_SRC:ref/src/%.c=$(BUILD)/asan/%.o)
TEST_SRC := $(sort $(wildcard ref/tests/t_*.c))
TESTS    := $(TEST_SRC:ref/tests/%.c=ref/tests/%)
ASAN_TESTS := $(TEST_SRC:ref/tests/%.c=ref/tests/asan/%)
TEST_HDR := $(wildcard ref/tests/*.h)

# The conformance harness (conformance/src), its unit tests and adapters.
CONF_SRC  := $(sort $(wildcard conformance/src/*.c))
CONF_OBJ  := $(CONF_SRC:conformance/src/%.c=$(BUILD)/conf/%.o)
CONF_LOBJ := $(filter-out $(BUILD)/conf/main.o,$(CONF_OBJ))
CONF_HDR  := $(wildcard conformance/src/*.h)
# The value library (value*.c), which the ref adapter links on its own.
VALUE_OBJ := $(filter $(BUILD)/conf/value%.o,$(CONF_OBJ))
CONF_TSRC := $(sort $(wildcard conformance/tests/t_*.c))
CONF_TESTS := $(CONF_TSRC:conformance/tests/%.c=conformance/tests/%)
ADAPTER_SRC := $(sort $(wildcard conformance/adapters/ref/*.c))

.PHONY: all lib tests asan-tests check run demo bench fuzz install clean deps conformance vm-check

all: lib tests $(BUILD)/demo conformance

conformance: $(BUILD)/sockspec $(BUILD)/ref-adapter $(CONF_TESTS)

$(BUILD)/conf/%.o: conformance/src/%.c $(CONF_HDR) ref/include/sockref.h
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) -Iref/include -Iconformance/src -c $< -o $@

$(BUILD)/sockspec: $(CONF_OBJ) $(BUILD)/libsockref.a
	$(CC) $(CFLAGS) $(CONF_OBJ) $(BUILD)/libsockref.a -lm -o $@

$(BUILD)/ref-adapter: $(ADAPTER_SRC) $(VALUE_OBJ) $(BUILD)/libsockref.a $(CONF_HDR)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) -Iref/include -Iconformance/src \
		$(ADAPTER_SRC) $(VALUE_OBJ) $(BUILD)/libsockref.a -lm -o $@

conformance/tests/t_%: conformance/tests/t_%.c $(CONF_LOBJ) $(BUILD)/libsockref.a
	$(CC) $(CSTD) $(WARN) $(CFLAGS) -Iref/include -Iconformance/src $< \
		$(CONF_LOBJ) $(BUILD)/libsockref.a -latf-c -lm -o $@

lib: $(BUILD)/libsockref.a $(BUILD)/libsockref.so $(BUILD)/sockref.pc

deps:
	@scripts/deps.sh

$(BUILD)/obj/%.o: ref/src/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -c $< -o $@

$(BUILD)/asan/%.o: ref/src/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(SANFLAGS) -Iref/include -Iref/src -c $< -o $@

$(BUILD)/libsockref.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libsockref.so: $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libsockref.so.0 -o $@ $^ -lm

$(BUILD)/libsockref-asan.a: $(ASAN_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/sockref.pc: ref/sockref.pc.in
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|0.1.0|' $< > $@

# Unit tests live beside their Kyuafile; the sanitizer build of the same
# sources goes to ref/tests/asan/ with a Kyuafile generated from the list.
ref/tests/t_%: ref/tests/t_%.c $(TEST_HDR) $(BUILD)/libsockref.a
	$(CC) $(CSTD) $(WARN) $(CFLAGS) -Iref/include -Iref/src $< \
		$(BUILD)/libsockref.a -latf-c -lpthread -lm -o $@

ref/tests/asan/t_%: ref/tests/t_%.c $(TEST_HDR) $(BUILD)/libsockref-asan.a
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(SANFLAGS) -Iref/include -Iref/src $< \
		$(BUILD)/libsockref-asan.a -latf-c -lpthread -lm -o $@

ref/tests/asan/Kyuafile: ref/tests/Kyuafile
	@mkdir -p $(@D)
	sed -e '/^include/d' -e '/api_coverage/d' $< > $@

tests: $(TESTS)

asan-tests: $(ASAN_TESTS) ref/tests/asan/Kyuafile

check: deps all asan-tests
	@scripts/check.sh

$(BUILD)/demo: ref/demo/echo_demo.c $(BUILD)/libsockref.a
	$(CC) $(ALLCFLAGS) $< $(BUILD)/libsockref.a -lpthread -lm -o $@

demo: $(BUILD)/demo
	$(BUILD)/demo

# The suite inside QEMU guests booting Debian's kernels (vm/): one results
# file per kernel under build/vm/, then the behaviour x kernel table.
KERNEL  ?= 6.1.0-56
KERNELS ?= $(KERNEL)
VM_IMPLS ?= ref cpython

vm-check: deps all
	@mkdir -p $(BUILD)/vm
	@status=0; for k in $(KERNELS); do for i in $(VM_IMPLS); do \
		echo "== $$k $$i"; \
		vm/run --kernel $$k --timeout 900 --out $(BUILD)/vm/$$k -- \
			$(BUILD)/sockspec run --impl $$i \
			--results /tmp/out/results-$$i.jsonl | tail -1 || status=1; \
	done; done; \
	$(BUILD)/sockspec table $(BUILD)/vm/*/results-*.jsonl | tail -4; exit $$status

# The main job: the conformance suite against every implementation, then
# the behaviour x implementation table.
IMPLS := ref cpython pypy

run: deps all
	@for i in $(IMPLS); do \
		echo "== sockspec run --impl $$i"; \
		$(BUILD)/sockspec run --impl $$i --results $(BUILD)/results-$$i.jsonl \
			| tail -1; \
	done
	@$(BUILD)/sockspec table $(IMPLS:%=$(BUILD)/results-%.jsonl)

$(BUILD)/bench: ref/bench/bench.c $(BUILD)/libsockref.a
	$(CC) $(ALLCFLAGS) $< $(BUILD)/libsockref.a -lpthread -lm -o $@

bench: deps $(BUILD)/bench conformance
	$(BUILD)/bench --python ref/bench/bench.py
	@scripts/bench-suite.sh

FUZZ_SRC := $(sort $(wildcard ref/fuzz/fuzz_*.c))
FUZZERS  := $(FUZZ_SRC:ref/fuzz/%.c=$(BUILD)/fuzz/%)

$(BUILD)/fuzz/%: ref/fuzz/%.c $(LIB_SRC) $(LIB_HDR)
	@mkdir -p $(@D)
	clang $(CSTD) $(WARN) -g -O1 -fsanitize=fuzzer,address,undefined \
		-Iref/include -Iref/src $< $(LIB_SRC) -o $@

fuzz: deps $(FUZZERS)
	@scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZERS)

install: lib
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 ref/include/sockref.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(BUILD)/libsockref.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(BUILD)/libsockref.so $(DESTDIR)$(PREFIX)/lib/libsockref.so.0
	ln -sf libsockref.so.0 $(DESTDIR)$(PREFIX)/lib/libsockref.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|0.1.0|' ref/sockref.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/sockref.pc

clean:
	rm -rf $(BUILD) ref/tests/asan $(TESTS) $(CONF_TESTS)
