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
# json-c (libjson-c-dev) reads and writes its results files; the flags
# come from pkg-config when a recipe runs (deps.sh installs it first),
# for aarch64 from Debian's arm64 multiarch copy, linked statically.
JSONC_CFLAGS = $(shell pkg-config --cflags json-c)
JSONC_LIBS   = $(shell pkg-config --libs json-c)
A64_JSONC    = $(shell PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig \
		pkg-config --static --libs json-c)
# SQLite (libsqlite3-dev) keeps the history of runs (conformance/src/history/).
# Where pkg-config finds none the harness is built without it
# (history_none.c: `sockspec history` says so, runs record nothing); the
# static aarch64 harness and the fuzzers are always built without it.
SQLITE_CFLAGS = $(shell pkg-config --exists sqlite3 2>/dev/null && \
		echo -DSOCKSPEC_SQLITE $$(pkg-config --cflags sqlite3))
SQLITE_LIBS   = $(shell pkg-config --libs sqlite3 2>/dev/null)
CONF_SRC  := $(sort $(wildcard conformance/src/*.c conformance/src/*/*.c))
CONF_OBJ  := $(CONF_SRC:conformance/src/%.c=$(BUILD)/conf/%.o)
CONF_LOBJ := $(filter-out $(BUILD)/conf/main.o,$(CONF_OBJ))
CONF_HDR  := $(wildcard conformance/src/*/*.h)
# The value library (value*.c), which the ref adapter links on its own.
VALUE_OBJ := $(filter $(BUILD)/conf/lang/value%.o,$(CONF_OBJ))
CONF_TSRC := $(sort $(wildcard conformance/tests/t_*.c))
CONF_TESTS := $(CONF_TSRC:conformance/tests/%.c=conformance/tests/%)
ADAPTER_SRC := $(sort $(wildcard conformance/adapters/ref/*.c))
# The ref adapter for other platforms (ref-musl, ref-i386), built below.
MUSL_CC   ?= musl-gcc
I386_CC   ?= $(CC) -m32
MULTIARCH := $(shell gcc -print-multiarch 2>/dev/null)
VALUE_SRC := $(filter conformance/src/lang/value%.c,$(CONF_SRC))
# Kernel reproducers (conformance/kernel-repro, KERNEL-FINDINGS.md): plain
# programs outside the harness, run in a vm/ guest.
KREPRO := $(patsubst conformance/kernel-repro/%.c,$(BUILD)/kernel-repro/%,\
	$(wildcard conformance/kernel-repro/*.c))
PORT_ADAPTERS := $(BUILD)/ref-adapter-musl
ifeq ($(shell uname -m),x86_64)
PORT_ADAPTERS += $(BUILD)/ref-adapter-i386
endif

.PHONY: all lib tests asan-tests check run demo bench fuzz fuzz-seeds install clean deps conformance vm-check baseline aarch64 bundle vm-arm64 matrix mutate

all: lib tests $(BUILD)/demo conformance

conformance: $(BUILD)/sockspec $(BUILD)/ref-adapter $(PORT_ADAPTERS) $(CONF_TESTS) \
	$(KREPRO)

$(BUILD)/conf/%.o: conformance/src/%.c $(CONF_HDR) ref/include/sockref.h
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(JSONC_CFLAGS) $(SQLITE_CFLAGS) -Iref/include -Iconformance/src -c $< -o $@

$(BUILD)/sockspec: $(CONF_OBJ) $(BUILD)/libsockref.a
	$(CC) $(CFLAGS) $(CONF_OBJ) $(BUILD)/libsockref.a $(JSONC_LIBS) $(SQLITE_LIBS) -lm -o $@

$(BUILD)/kernel-repro/%: conformance/kernel-repro/%.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $< -o $@

$(BUILD)/ref-adapter: $(ADAPTER_SRC) $(VALUE_OBJ) $(BUILD)/libsockref.a $(CONF_HDR)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) -Iref/include -Iconformance/src \
		$(ADAPTER_SRC) $(VALUE_OBJ) $(BUILD)/libsockref.a -lm -o $@

# The same adapter on other platforms (conformance/README.md
# "Implementations"): ref-musl, linked statically with musl; ref-i386,
# built with -m32 against Debian's i386 glibc (64-bit kernels run it
# through their compat syscall layer). Each has its own objects. Their
# kernel headers come through a directory of links: musl-gcc searches
# only musl's headers, and -m32 finds no asm/ of its own (the x86 asm
# headers serve both word sizes).
$(BUILD)/musl/include/.links:
	@mkdir -p $(@D)
	ln -sfn /usr/include/linux $(@D)/linux
	ln -sfn /usr/include/asm-generic $(@D)/asm-generic
	ln -sfn /usr/include/$(MULTIARCH)/asm $(@D)/asm
	@touch $@

$(BUILD)/i386/include/.links:
	@mkdir -p $(@D)
	ln -sfn /usr/include/$(MULTIARCH)/asm $(@D)/asm
	@touch $@

MUSL_FLAGS = $(CSTD) $(WARN) $(CFLAGS) -isystem $(BUILD)/musl/include
I386_FLAGS = $(CSTD) $(WARN) $(CFLAGS) -isystem $(BUILD)/i386/include

$(BUILD)/musl/obj/%.o: ref/src/%.c $(LIB_HDR) $(BUILD)/musl/include/.links
	@mkdir -p $(@D)
	$(MUSL_CC) $(MUSL_FLAGS) -Iref/include -Iref/src -c $< -o $@

$(BUILD)/musl/conf/%.o: conformance/src/%.c $(CONF_HDR) $(BUILD)/musl/include/.links
	@mkdir -p $(@D)
	$(MUSL_CC) $(MUSL_FLAGS) -Iref/include -Iconformance/src -c $< -o $@

$(BUILD)/i386/obj/%.o: ref/src/%.c $(LIB_HDR) $(BUILD)/i386/include/.links
	@mkdir -p $(@D)
	$(I386_CC) $(I386_FLAGS) -Iref/include -Iref/src -c $< -o $@

$(BUILD)/i386/conf/%.o: conformance/src/%.c $(CONF_HDR) $(BUILD)/i386/include/.links
	@mkdir -p $(@D)
	$(I386_CC) $(I386_FLAGS) -Iref/include -Iconformance/src -c $< -o $@

MUSL_OBJ := $(LIB_SRC:ref/src/%.c=$(BUILD)/musl/obj/%.o)
I386_OBJ := $(LIB_SRC:ref/src/%.c=$(BUILD)/i386/obj/%.o)

$(BUILD)/musl/libsockref.a: $(MUSL_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/i386/libsockref.a: $(I386_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/ref-adapter-musl: $(ADAPTER_SRC) $(CONF_HDR) \
		$(VALUE_SRC:conformance/src/%.c=$(BUILD)/musl/conf/%.o) \
		$(BUILD)/musl/libsockref.a
	$(MUSL_CC) -static $(MUSL_FLAGS) -Iref/include -Iconformance/src \
		$(ADAPTER_SRC) $(filter %.o %.a,$^) -lm -o $@

$(BUILD)/ref-adapter-i386: $(ADAPTER_SRC) $(CONF_HDR) \
		$(VALUE_SRC:conformance/src/%.c=$(BUILD)/i386/conf/%.o) \
		$(BUILD)/i386/libsockref.a
	$(I386_CC) $(I386_FLAGS) -Iref/include -Iconformance/src \
		$(ADAPTER_SRC) $(filter %.o %.a,$^) -lm -o $@

# arm64 (vm/arm64/): the harness and the ref adapter cross-built static
# for aarch64, for a guest whose root has no C library (`make aarch64`).
# Static glibc 2.36 still reads /etc/hosts, services and protocols: its
# files and dns lookups are built in. The linker's warnings that
# getaddrinfo and friends want glibc's shared objects at run time are
# about the other NSS modules, which the suite never configures.
# The compiler is clang for the aarch64 target, with Debian's cross glibc,
# libgcc and binutils: gcc-aarch64-linux-gnu cannot be installed beside
# gcc-multilib, which the i386 port needs (A64_CC=aarch64-linux-gnu-gcc
# works where it is installed).
A64_CC    ?= clang --target=aarch64-linux-gnu
A64_AR    ?= aarch64-linux-gnu-ar
A64_FLAGS  = $(CSTD) $(WARN) $(CFLAGS)
A64_OBJ   := $(LIB_SRC:ref/src/%.c=$(BUILD)/aarch64/obj/%.o)
A64_CONF_OBJ := $(CONF_SRC:conformance/src/%.c=$(BUILD)/aarch64/conf/%.o)

$(BUILD)/aarch64/obj/%.o: ref/src/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(A64_CC) $(A64_FLAGS) -Iref/include -Iref/src -c $< -o $@

$(BUILD)/aarch64/conf/%.o: conformance/src/%.c $(CONF_HDR) ref/include/sockref.h
	@mkdir -p $(@D)
	$(A64_CC) $(A64_FLAGS) $(JSONC_CFLAGS) -Iref/include -Iconformance/src -c $< -o $@

$(BUILD)/aarch64/libsockref.a: $(A64_OBJ)
	@rm -f $@
	$(A64_AR) rcs $@ $^

$(BUILD)/aarch64/sockspec: $(A64_CONF_OBJ) $(BUILD)/aarch64/libsockref.a
	$(A64_CC) -static $(CFLAGS) $^ $(A64_JSONC) -lm -o $@

$(BUILD)/aarch64/ref-adapter: $(ADAPTER_SRC) $(CONF_HDR) \
		$(VALUE_SRC:conformance/src/%.c=$(BUILD)/aarch64/conf/%.o) \
		$(BUILD)/aarch64/libsockref.a
	$(A64_CC) -static $(A64_FLAGS) -Iref/include -Iconformance/src \
		$(ADAPTER_SRC) $(filter %.o %.a,$^) -lm -o $@

aarch64: $(BUILD)/aarch64/sockspec $(BUILD)/aarch64/ref-adapter

# `make bundle` (vm/README.md "The bundle"): the suite as a directory a
# bare target runs, in the manner of kselftest's install, one per
# architecture: build/bundle/x86_64 and build/bundle/aarch64, each with a
# static harness and ref adapter, the cases, expectations, fixtures, the
# Python adapters, can-utils with the loader and libc they need, and
# run_sockspec.sh (KTAP on stdout). The x86_64 pair is linked statically
# with glibc like the aarch64 one above (the same remark on NSS holds);
# the objects are the host build's.
$(BUILD)/static/sockspec: $(CONF_OBJ) $(BUILD)/libsockref.a
	@mkdir -p $(@D)
	$(CC) -static $(CFLAGS) $^ $(shell pkg-config --static --libs json-c) \
		$(if $(SQLITE_LIBS),$(shell pkg-config --static --libs sqlite3)) -lm -o $@ 2>$(@D)/link.log || \
		{ cat $(@D)/link.log; exit 1; }

$(BUILD)/static/ref-adapter: $(ADAPTER_SRC) $(VALUE_OBJ) $(BUILD)/libsockref.a $(CONF_HDR)
	@mkdir -p $(@D)
	$(CC) -static $(CSTD) $(WARN) $(CFLAGS) -Iref/include -Iconformance/src \
		$(ADAPTER_SRC) $(VALUE_OBJ) $(BUILD)/libsockref.a -lm -o $@ 2>$(@D)/link-adapter.log || \
		{ cat $(@D)/link-adapter.log; exit 1; }

BUNDLE_FILES := scripts/bundle.sh scripts/run_sockspec.sh \
	$(shell find conformance/cases conformance/expectations fixtures \
		conformance/adapters -type f 2>/dev/null)

$(BUILD)/bundle/x86_64/.done: $(BUILD)/static/sockspec $(BUILD)/static/ref-adapter $(BUNDLE_FILES)
	scripts/bundle.sh x86_64 $(BUILD)/static $(BUILD)/bundle/x86_64
	@touch $@

$(BUILD)/bundle/aarch64/.done: $(BUILD)/aarch64/sockspec $(BUILD)/aarch64/ref-adapter $(BUNDLE_FILES)
	scripts/bundle.sh aarch64 $(BUILD)/aarch64 $(BUILD)/bundle/aarch64
	@touch $@

bundle: $(BUILD)/bundle/x86_64/.done $(BUILD)/bundle/aarch64/.done

conformance/tests/t_%: conformance/tests/t_%.c $(CONF_LOBJ) $(BUILD)/libsockref.a
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(JSONC_CFLAGS) -Iref/include -Iconformance/src $< \
		$(CONF_LOBJ) $(BUILD)/libsockref.a $(JSONC_LIBS) $(SQLITE_LIBS) -latf-c -lm -o $@

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
# A test's own link flags are in a `/* link: FLAGS */` line of its source,
# which make mutate's unit stage reads too; a FILE.c word there is a
# source of ref/tests linked in with it.
link_line = $(shell sed -n 's|^/\* link: \(.*\) \*/$$|\1|p' $(1))
TEST_LINK = $(patsubst %.c,ref/tests/%.c,$(call link_line,$<))
TEST_LINK_SRC = $(filter %.c,$(TEST_LINK))

ref/tests/t_%: ref/tests/t_%.c $(TEST_HDR) $(BUILD)/libsockref.a
	$(alloc_guard)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) -Iref/include -Iref/src $< \
		$(BUILD)/libsockref.a $(TEST_LINK) -latf-c -lpthread -lm -o $@

ref/tests/asan/t_%: ref/tests/t_%.c $(TEST_HDR) $(BUILD)/libsockref-asan.a
	@mkdir -p $(@D)
	$(alloc_guard)
	$(CC) $(CSTD) $(WARN) $(SANFLAGS) -Iref/include -Iref/src $< \
		$(BUILD)/libsockref-asan.a $(TEST_LINK) -latf-c -lpthread -lm -o $@

# t_alloc makes the library's Nth allocation fail (ref/tests/failalloc.h):
# its link line wraps (--wrap) each allocating function, so every call of
# one in libsockref and the test goes through failalloc.c's wrappers, in
# front of glibc's allocator or the sanitizer's. The library must call no
# other allocating function of ALLOC_FUNCS, which a wrapper would not see:
# a test linked with wrappers of allocating functions first checks the
# library's undefined symbols (t_sockflags wraps fcntl only: no check).
ALLOC_FUNCS := malloc calloc realloc reallocarray aligned_alloc posix_memalign \
	memalign valloc pvalloc strdup strndup wcsdup asprintf vasprintf \
	fopencookie fmemopen open_memstream fopen fdopen getline getdelim \
	realpath scandir tempnam
ref/tests/t_alloc ref/tests/asan/t_alloc: ref/tests/failalloc.c
alloc_wrapped = $(filter $(ALLOC_FUNCS),$(patsubst -Wl$(,)--wrap=%,%,$(filter -Wl$(,)--wrap=%,$(TEST_LINK))))
, := ,
define alloc_guard
	@wrapped="$(alloc_wrapped)"; [ -z "$$wrapped" ] || \
	for f in $$(nm -u $(filter %.a,$^) | awk '{print $$2}'); do \
		case " $(ALLOC_FUNCS) " in *" $$f "*) \
		case " $$wrapped " in *" $$f "*) ;; *) \
			echo "$< wraps no $$f, which the library calls" >&2; \
			exit 1;; esac;; esac; \
	done
endef

ref/tests/asan/Kyuafile: ref/tests/Kyuafile
	@mkdir -p $(@D)
	sed -e '/^include/d' -e '/api_coverage/d' $< > $@

tests: $(TESTS)

asan-tests: $(ASAN_TESTS) ref/tests/asan/Kyuafile

# aarch64 too, so vm/tests/t_vm_arm64 boots the arm64 guest rather than
# skipping for want of the cross-built harness. The build runs CHECK_JOBS
# (one per CPU) jobs at once even under a plain `make check`: from a fresh
# clone it is a fair part of the time.
CHECK_JOBS ?= $(shell nproc 2>/dev/null || echo 2)

check: deps
	@$(MAKE) --no-print-directory -j$(CHECK_JOBS) all asan-tests aarch64 bundle
	@scripts/check.sh

$(BUILD)/demo: ref/demo/echo_demo.c $(BUILD)/libsockref.a
	$(CC) $(ALLCFLAGS) $< $(BUILD)/libsockref.a -lpthread -lm -o $@

demo: $(BUILD)/demo
	$(BUILD)/demo

# The suite inside QEMU guests booting Debian's kernels (vm/): one guest
# per kernel runs every implementation of VM_IMPLS, one results file per
# kernel and implementation under build/vm/KERNEL/, then the behaviour x
# implementation@kernel table. KERNELS defaults to vm/default-kernels.
DEFAULT_KERNELS := $(shell grep -v '^\#' vm/default-kernels)
KERNEL  ?= $(firstword $(DEFAULT_KERNELS))
KERNELS ?= $(DEFAULT_KERNELS)
VM_IMPLS ?= ref cpython
# the guest's own command: each implementation in turn, its summary line
VM_SUITE = for i in $(VM_IMPLS); do echo "$$i: $$($(BUILD)/sockspec run \
	--impl $$i --results /tmp/out/results-$$i.jsonl | tail -n 1)"; done

vm-check: deps all
	@status=0; for k in $(KERNELS); do \
		echo "== $$k: $(VM_IMPLS)"; rm -rf $(BUILD)/vm/$$k; \
		vm/run --kernel $$k --timeout 1500 --out $(BUILD)/vm/$$k -- \
			sh -c '$(VM_SUITE)' || status=1; \
		for i in $(VM_IMPLS); do \
			[ -f $(BUILD)/vm/$$k/results-$$i.jsonl ] || status=1; \
		done; \
	done; \
	$(BUILD)/sockspec table $(KERNELS:%=$(BUILD)/vm/%/results-*.jsonl) \
		| tail -n 4; exit $$status

# The suite on arm64: one qemu-system-aarch64 guest booting Debian's arm64
# kernel runs the cross-built harness for every implementation of
# ARM64_IMPLS; results under build/vm-arm64/KERNEL/. Only libsockref runs
# there (the guest has no Python): cpython and pypy are in the list so
# their cells say so, skipped with the reason. In the guest build/ is
# $(BUILD)/aarch64, hence build/sockspec below.
ARM64_KERNEL ?= $(KERNEL)
ARM64_IMPLS  ?= ref cpython pypy

vm-arm64: deps aarch64
	@echo "== $(ARM64_KERNEL) arm64 (QEMU guest): $(ARM64_IMPLS)"; \
	out=$(BUILD)/vm-arm64/$(ARM64_KERNEL); rm -rf $$out; status=0; \
	vm/arm64/run --kernel $(ARM64_KERNEL) --timeout 900 \
		--bin $(BUILD)/aarch64 --out $$out -- sh -c 'for i in $(ARM64_IMPLS); do \
		echo "$$i: $$(build/sockspec run --impl $$i \
			--results /tmp/out/results-$$i.jsonl | tail -n 1)"; done' || status=1; \
	for i in $(ARM64_IMPLS); do [ -f $$out/results-$$i.jsonl ] || status=1; done; \
	exit $$status

# Every implementation x kernel x platform this machine can run
# (conformance/README.md "The matrix"): five implementations on the host
# kernel and on each Debian kernel of MATRIX_KERNELS (default
# vm/default-kernels; one guest per kernel), their interop pairs,
# libsockref on arm64 (MATRIX_FULL=1: every implementation on every
# kernel, not only ref ref-i386 cpython pypy after the first; conformance/
# README.md "The matrix"). Results, env files and logs under $(BUILD)/matrix/,
# then the report (report.html there, text here); MATRIX_JOBS
# combinations at once. Exit status 1 when a cell failed or broke.
MATRIX_JOBS ?= 2

matrix: deps all aarch64
	@$(BUILD)/sockspec matrix --out $(BUILD)/matrix --jobs $(MATRIX_JOBS) --retry 1 \
		--arm64-bin $(BUILD)/aarch64 \
		$(if $(MATRIX_KERNELS),--kernels "$(MATRIX_KERNELS)") \
		$(if $(MATRIX_FULL),--kernel-impls all)

# The main job: the conformance suite against every implementation on the
# host, then inside a guest booting the default kernel (CAN, TIPC, RDS),
# then a short summary of all of it (a line per run, the results to look
# at) and the path of its HTML report, build/report.html; the behaviour x
# implementation@kernel table goes to build/run-table.txt.
IMPLS := ref ref-musl cpython pypy

run: deps all
	@for i in $(IMPLS); do \
		echo "== sockspec run --impl $$i"; \
		$(BUILD)/sockspec run --impl $$i --results $(BUILD)/results-$$i.jsonl \
			| tail -1; \
	done
	@echo "== $(KERNEL) (QEMU guest): $(VM_IMPLS)"; rm -rf $(BUILD)/vm/$(KERNEL); \
	vm/run --kernel $(KERNEL) --timeout 1500 --out $(BUILD)/vm/$(KERNEL) -- \
		sh -c '$(VM_SUITE)' || true
	@# the guest cannot write the history (its checkout is read-only)
	@set -- $(BUILD)/vm/$(KERNEL)/results-*.jsonl; [ ! -f "$$1" ] || \
		$(BUILD)/sockspec history --import --current "$$@" > /dev/null || true
	@scripts/run-summary.sh $(BUILD)/sockspec $(BUILD) $(KERNEL) "$(IMPLS)" "$(VM_IMPLS)"

# The baselines `make check` holds every host run to
# (conformance/tests/t_baseline.sh: `sockspec diff --ignore-kernel`, any
# regressed cell fails). After a change that moves outcomes on purpose,
# rewrite them and commit them with the change. Durations are zeroed:
# they are noise that would churn every refresh.
baseline: deps conformance
	@mkdir -p fixtures/baselines
	@for i in $(IMPLS); do \
		echo "== sockspec run --impl $$i"; \
		$(BUILD)/sockspec run --impl $$i --results $(BUILD)/baseline-$$i.jsonl \
			| tail -1; \
		sed -E 's/"duration": [0-9.]+/"duration": 0/' \
			$(BUILD)/baseline-$$i.jsonl > fixtures/baselines/host-$$i.jsonl \
			|| exit 1; \
	done

# Versions side by side (conformance/README.md): the results of each
# release of CPython, PyPy, gevent and eventlet here (the host's and
# those of the Debian userland roots, vm/root) in fixtures/versions/
# (make versions-results reruns them, durations zeroed), and
# conformance/VERSIONS.md made of them (t_versions.sh fails when stale).
VERSION_IMPLS := cpython cpython@bullseye cpython@trixie pypy pypy@bullseye \
	pypy@trixie gevent gevent@trixie eventlet eventlet@trixie
versions-results: deps conformance
	@mkdir -p fixtures/versions
	@for i in $(VERSION_IMPLS); do \
		echo "== sockspec run --impl $$i"; \
		$(BUILD)/sockspec run --impl $$i --results $(BUILD)/versions-$$i.jsonl \
			| tail -1; \
		sed -E 's/"duration": [0-9.]+/"duration": 0/' \
			$(BUILD)/versions-$$i.jsonl > fixtures/versions/$$i.jsonl \
			|| exit 1; \
	done

versions: $(BUILD)/sockspec
	$(BUILD)/sockspec versions fixtures/versions > $(BUILD)/VERSIONS.md
	mv $(BUILD)/VERSIONS.md conformance/VERSIONS.md

# conformance/FINDINGS.md: every explained deviation, generated from
# conformance/expectations/ (t_expect fails when it is out of date).
# `sockspec expectations --stale RESULTS...` finds entries to retire.
.PHONY: findings versions versions-results
findings: $(BUILD)/sockspec
	$(BUILD)/sockspec findings > $(BUILD)/FINDINGS.md
	mv $(BUILD)/FINDINGS.md conformance/FINDINGS.md

# Mutation testing of libsockref by the conformance suite (scripts/mutate/):
# every mutant is built into its own ref adapter and the host suite runs
# against it until a case fails; the AF_CAN/TIPC/RDS codecs' mutants run in
# one guest of the default kernel (MUTATE_VM=0: not). Resumable; writes
# build/mutate/report.{tsv,html} and conformance/MUTATION.md; the last line
# is "mutation: K killed, S survived, E equivalent, score P%". MUTATE_LIMIT
# (600) caps the mutants, dealt evenly over files and operators; 0: all.
mutate: deps all
	@/usr/bin/python3 scripts/mutate/mutate.py

$(BUILD)/bench: ref/bench/bench.c $(BUILD)/libsockref.a
	$(CC) $(ALLCFLAGS) $< $(BUILD)/libsockref.a -lpthread -lm -o $@

# bench-forkserver.sh: `suite IMPL@host|vm:KERNEL SECONDS` with the fork
# servers and without (`ratio forkserver/fresh`), `case-overhead MS`.
# BENCH_MATRIX=1 adds `matrix SECONDS`: the median wall of
# BENCH_MATRIX_RUNS (3) whole matrices, about 45 minutes each.
bench: deps $(BUILD)/bench conformance $(if $(BENCH_MATRIX),aarch64)
	$(BUILD)/bench --python ref/bench/bench.py
	@scripts/bench-suite.sh
	@scripts/bench-vm.sh
	@scripts/bench-forkserver.sh
	@scripts/bench-report.sh
	@if [ -n "$(BENCH_MATRIX)" ]; then scripts/bench-matrix.sh; fi

FUZZ_SRC := $(sort $(wildcard ref/fuzz/fuzz_*.c))
FUZZERS  := $(FUZZ_SRC:ref/fuzz/%.c=$(BUILD)/fuzz/%)

# Every target is built twice, one binary per sanitizer as OSS-Fuzz does:
# $(BUILD)/fuzz/NAME under ASan (LeakSanitizer with it) and
# $(BUILD)/fuzz/ubsan/NAME under UBSan. scripts/fuzz.sh runs the two side
# by side on one corpus, so every input either finds is tried by the
# other, and neither pays for the other's checks: ASan+UBSan in one
# binary ran the case parser at 12k inputs per CPU-second, UBSan alone at
# 25k (conformance/README.md "Fuzzing the parsers").
FUZZ_ASAN  := -fsanitize=fuzzer,address
FUZZ_UBSAN := -fsanitize=fuzzer,undefined
UFUZZERS := $(FUZZERS:$(BUILD)/fuzz/%=$(BUILD)/fuzz/ubsan/%)

$(BUILD)/fuzz/ubsan/%: ref/fuzz/%.c $(LIB_SRC) $(LIB_HDR)
	@mkdir -p $(@D)
	clang $(CSTD) $(WARN) -g -O1 $(FUZZ_UBSAN) -fno-sanitize-recover=all \
		-Iref/include -Iref/src $< $(LIB_SRC) -o $@

$(BUILD)/fuzz/%: ref/fuzz/%.c $(LIB_SRC) $(LIB_HDR)
	@mkdir -p $(@D)
	clang $(CSTD) $(WARN) -g -O1 $(FUZZ_ASAN) \
		-Iref/include -Iref/src $< $(LIB_SRC) -o $@

# The harness's parsers (conformance/fuzz/): case files (fuzz_case), the
# value notation (fuzz_value) and the adapters' reply lines (fuzz_reply),
# input from users and from implementations. The parsers are built with
# libFuzzer's coverage; the rest of the harness, which fuzz_reply links
# for parse_reply's sake, and libsockref only with the sanitizer, so the
# counters libFuzzer reads after every input are the parsers' own. Each
# is built per sanitizer like libsockref's targets above: objects under
# $(BUILD)/fuzz/asan/ and $(BUILD)/fuzz/ubsan/ (cov: the parsers, san:
# the rest), binaries $(BUILD)/fuzz/NAME and $(BUILD)/fuzz/ubsan/NAME.
CONF_FUZZ_SRC := $(sort $(wildcard conformance/fuzz/fuzz_*.c))
CONF_FUZZERS  := $(CONF_FUZZ_SRC:conformance/fuzz/%.c=$(BUILD)/fuzz/%)
CONF_UFUZZERS := $(CONF_FUZZERS:$(BUILD)/fuzz/%=$(BUILD)/fuzz/ubsan/%)
FUZZ_CC   = clang $(CSTD) $(WARN) -g -O1 -fno-omit-frame-pointer \
	    -fno-sanitize-recover=all $(JSONC_CFLAGS) -Iref/include -Iconformance/src
# Without trace-cmp: tracing every comparison of every byte took a third
# of the case parser's time (20k executions per CPU-second, 29k without,
# same coverage); the grammar's words reach the fuzzer through the
# dictionaries and libFuzzer's strcmp/memcmp hooks, which stay. The
# drivers (conformance/fuzz/*.c) go without it too: their checks walk
# every byte of every input.
NO_CMP := -fno-sanitize-coverage=trace-cmp
# what the parsers are: lang/'s case and value files, the reply reader
FUZZ_PARSE := $(filter conformance/src/lang/case% conformance/src/lang/value%,$(CONF_SRC)) \
	      conformance/src/run/eval.c conformance/src/run/adapter.c
FUZZ_REST  := $(filter-out $(FUZZ_PARSE),$(CONF_SRC:conformance/src/main.c=))
# $(call fuzz_objs,SAN): the parsers' objects, then the rest's, for SAN
fuzz_parse_objs = $(FUZZ_PARSE:conformance/src/%.c=$(BUILD)/fuzz/$(1)/cov/%.o)
fuzz_rest_objs  = $(FUZZ_REST:conformance/src/%.c=$(BUILD)/fuzz/$(1)/san/%.o) \
		  $(LIB_SRC:ref/src/%.c=$(BUILD)/fuzz/$(1)/san/ref/%.o)
fuzz_value_objs = $(filter $(BUILD)/fuzz/$(1)/cov/lang/value%,$(call fuzz_parse_objs,$(1)))
fuzz_case_objs  = $(filter $(BUILD)/fuzz/$(1)/cov/lang/%,$(call fuzz_parse_objs,$(1)))

$(BUILD)/fuzz/asan/cov/%.o: conformance/src/%.c $(CONF_HDR) ref/include/sockref.h
	@mkdir -p $(@D)
	$(FUZZ_CC) -fsanitize=fuzzer-no-link,address $(NO_CMP) -c $< -o $@
$(BUILD)/fuzz/ubsan/cov/%.o: conformance/src/%.c $(CONF_HDR) ref/include/sockref.h
	@mkdir -p $(@D)
	$(FUZZ_CC) -fsanitize=fuzzer-no-link,undefined $(NO_CMP) -c $< -o $@
$(BUILD)/fuzz/asan/san/ref/%.o: ref/src/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) -fsanitize=address -Iref/src -c $< -o $@
$(BUILD)/fuzz/ubsan/san/ref/%.o: ref/src/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) -fsanitize=undefined -Iref/src -c $< -o $@
$(BUILD)/fuzz/asan/san/%.o: conformance/src/%.c $(CONF_HDR) ref/include/sockref.h
	@mkdir -p $(@D)
	$(FUZZ_CC) -fsanitize=address -c $< -o $@
$(BUILD)/fuzz/ubsan/san/%.o: conformance/src/%.c $(CONF_HDR) ref/include/sockref.h
	@mkdir -p $(@D)
	$(FUZZ_CC) -fsanitize=undefined -c $< -o $@

$(BUILD)/fuzz/fuzz_case: conformance/fuzz/fuzz_case.c $(call fuzz_case_objs,asan)
	$(FUZZ_CC) $(FUZZ_ASAN) $(NO_CMP) $^ -lm -o $@
$(BUILD)/fuzz/ubsan/fuzz_case: conformance/fuzz/fuzz_case.c $(call fuzz_case_objs,ubsan)
	$(FUZZ_CC) $(FUZZ_UBSAN) $(NO_CMP) $^ -lm -o $@
$(BUILD)/fuzz/fuzz_value: conformance/fuzz/fuzz_value.c $(call fuzz_value_objs,asan)
	$(FUZZ_CC) $(FUZZ_ASAN) $(NO_CMP) $^ -lm -o $@
$(BUILD)/fuzz/ubsan/fuzz_value: conformance/fuzz/fuzz_value.c $(call fuzz_value_objs,ubsan)
	$(FUZZ_CC) $(FUZZ_UBSAN) $(NO_CMP) $^ -lm -o $@
$(BUILD)/fuzz/fuzz_reply: conformance/fuzz/fuzz_reply.c $(call fuzz_parse_objs,asan) $(call fuzz_rest_objs,asan)
	$(FUZZ_CC) $(FUZZ_ASAN) $(NO_CMP) $^ $(JSONC_LIBS) -lm -o $@
$(BUILD)/fuzz/ubsan/fuzz_reply: conformance/fuzz/fuzz_reply.c $(call fuzz_parse_objs,ubsan) $(call fuzz_rest_objs,ubsan)
	$(FUZZ_CC) $(FUZZ_UBSAN) $(NO_CMP) $^ $(JSONC_LIBS) -lm -o $@

# Seeds from the case tree, made afresh for each run (seeds.c).
$(BUILD)/fuzz/seeds: conformance/fuzz/seeds.c \
		$(filter $(BUILD)/conf/lang/% $(BUILD)/conf/base/%,$(CONF_LOBJ)) \
		$(BUILD)/libsockref.a
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(JSONC_CFLAGS) -Iref/include -Iconformance/src \
		$^ $(JSONC_LIBS) -lm -o $@

fuzz-seeds: $(BUILD)/fuzz/seeds
	@rm -rf $(BUILD)/fuzz/seeds.d
	@$(BUILD)/fuzz/seeds conformance/cases $(BUILD)/fuzz/seeds.d

fuzz: deps $(FUZZERS) $(UFUZZERS) $(CONF_FUZZERS) $(CONF_UFUZZERS) fuzz-seeds
	@scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZERS) $(CONF_FUZZERS)

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
