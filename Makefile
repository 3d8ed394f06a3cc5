# libclaimx - plain Makefile. `make` builds the libraries and claimx-demo,
# `make demo` runs the demo on examples/, `make check` runs every test,
# `make bench` builds the benchmark and runs it (bench/bench.c).
# Both first make sure the system packages are there (scripts/ensure-deps.sh).

VERSION := $(shell sed -n 's/^\#define CLAIMX_VERSION_STRING "\(.*\)"/\1/p' include/claimx.h)
MAJOR   := $(shell sed -n 's/^\#define CLAIMX_VERSION_MAJOR \([0-9]*\)/\1/p' include/claimx.h)

PKGS      = libpcre2-8 icu-uc icu-i18n
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
CHECK_CFLAGS = $(shell pkg-config --cflags check)
CHECK_LIBS   = $(shell pkg-config --libs check)

CC      ?= cc
OPT     ?= -O3 -g
WARN     = -Wall -Wextra -Werror
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) -fPIC -fvisibility=hidden \
             -Iinclude -Ilib $(PKG_CFLAGS) $(CFLAGS)

B = build
MODULES = normalise segment language patterns numbers scan money gpu entities claims json
OBJS = $(MODULES:%=$(B)/%.o) $(B)/patterns_data.o
PATTERN_FILES = $(sort $(wildcard patterns/*/*.pat patterns/*/*.txt))

SONAME  = libclaimx.so.$(MAJOR)
SHLIB   = $(B)/libclaimx.so.$(VERSION)
STLIB   = $(B)/libclaimx.a
DEMO    = claimx-demo

TESTS = $(sort $(wildcard tests/test_*.c)) tests/corpus.c

.PHONY: all deps demo check clean unit e2e bench asan valgrind fuzz fuzz-build stress
all: $(SHLIB) $(STLIB) $(DEMO)

deps:
	@sh scripts/ensure-deps.sh

$(B)/.dir:
	@mkdir -p $(B) && touch $@

$(B)/gen_patterns: lib/gen_patterns.c | $(B)/.dir
	$(CC) -O1 -Wall -Wextra -Werror -o $@ $<

$(B)/patterns_data.c: $(B)/gen_patterns $(PATTERN_FILES)
	$(B)/gen_patterns $@ $(PATTERN_FILES)

$(B)/%.o: lib/%.c lib/internal.h include/claimx.h | $(B)/.dir deps
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(B)/patterns_data.o: $(B)/patterns_data.c lib/internal.h | deps
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(SHLIB): $(OBJS)
	$(CC) -shared -Wl,-soname,$(SONAME) -o $@ $(OBJS) $(PKG_LIBS) $(LDFLAGS)
	ln -sf libclaimx.so.$(VERSION) $(B)/$(SONAME)
	ln -sf $(SONAME) $(B)/libclaimx.so

$(STLIB): $(OBJS)
	rm -f $@ && ar rcs $@ $(OBJS)

$(DEMO): cli/claimx-demo.c $(STLIB)
	$(CC) $(CFLAGS_ALL) -o $@ cli/claimx-demo.c $(STLIB) $(PKG_LIBS) $(LDFLAGS)

$(B)/example: examples/c/example.c $(SHLIB)
	$(CC) -std=c11 -Wall -Wextra -Werror -Iinclude -o $@ examples/c/example.c -L$(B) -lclaimx -Wl,-rpath,'$$ORIGIN' $(LDFLAGS)

# The benchmark links the static library (for the internal per-stage timing
# hook); BENCH_ARGS="--mb 5 --runs 3" for a quick run.
BENCH_ARGS ?=
$(B)/bench: bench/bench.c $(STLIB)
	$(CC) $(CFLAGS_ALL) -pthread -o $@ bench/bench.c $(STLIB) $(PKG_LIBS) $(LDFLAGS)

bench: $(B)/bench
	$(B)/bench $(BENCH_ARGS) examples/articles/*.txt

demo: all
	./$(DEMO) examples/articles/*.txt

$(B)/check_main: $(TESTS) tests/check_main.c tests/tests.h tests/corpus.h $(STLIB)
	$(CC) $(CFLAGS_ALL) $(CHECK_CFLAGS) -Itests -o $@ tests/check_main.c $(TESTS) $(STLIB) \
	    $(PKG_LIBS) $(CHECK_LIBS) $(LDFLAGS)

unit: $(B)/check_main
	$(B)/check_main

e2e: all $(B)/example
	sh tests/e2e.sh

check: deps
	$(MAKE) unit
	$(MAKE) e2e
	$(MAKE) pytest

# ---------- robustness (issue 6): sanitizers, valgrind, fuzzing, big inputs ----------
# Each builds into its own folder, so the normal build/ is never clobbered.
ASAN_B = build-asan
SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
SAN_ENV = CK_FORK=no ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
          UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# unit tests, end-to-end tests and the big-input tests under ASan + UBSan
asan: deps
	$(MAKE) B=$(ASAN_B) DEMO=$(ASAN_B)/claimx-demo OPT="-O1 -g" CFLAGS="$(SAN)" LDFLAGS="$(SAN)" \
	    $(ASAN_B)/check_main $(ASAN_B)/claimx-demo $(ASAN_B)/example $(ASAN_B)/stress
	$(SAN_ENV) $(ASAN_B)/check_main
	$(SAN_ENV) DEMO=$(ASAN_B)/claimx-demo EXAMPLE=$(ASAN_B)/example sh tests/e2e.sh
	$(SAN_ENV) $(ASAN_B)/stress --quick

# unit tests under memcheck (no fork, so leaks of every test are seen);
# suppressions: tests/valgrind.supp (documented one-time ICU allocations)
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
           --errors-for-leak-kinds=definite,indirect,possible --suppressions=tests/valgrind.supp
valgrind: all $(B)/check_main $(B)/stress
	@sh scripts/ensure-robust-deps.sh valgrind
	CK_FORK=no CK_EXCLUDE_TAGS=big $(VALGRIND) $(B)/check_main
	$(VALGRIND) ./$(DEMO) --format json examples/articles/*.txt > /dev/null
	$(VALGRIND) $(B)/stress --quick

$(B)/stress: tests/stress.c $(STLIB)
	$(CC) $(CFLAGS_ALL) -o $@ tests/stress.c $(STLIB) $(PKG_LIBS) $(LDFLAGS)

# big inputs (100 MB line, a million digits, ...): not in `make check`, about a minute
stress: all $(B)/stress
	$(B)/stress

# libFuzzer (clang + libclang-rt-14-dev): FUZZ_SECONDS of fuzzing from a seed
# corpus generated from examples/ and tests/corpus/, then every corpus input
# through claimx-demo --format json, parsed by Python's json module
FUZZ_B = build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang-14
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
fuzz-build: deps
	@sh scripts/ensure-robust-deps.sh fuzz
	$(MAKE) B=$(FUZZ_B) CC=$(FUZZ_CC) DEMO=$(FUZZ_B)/claimx-demo OPT="-O1 -g" \
	    CFLAGS="$(FUZZ_SAN) -fsanitize=fuzzer-no-link" LDFLAGS="$(FUZZ_SAN)" $(FUZZ_B)/libclaimx.a
	$(FUZZ_CC) $(CFLAGS_ALL) $(FUZZ_SAN) -fsanitize=fuzzer -o $(FUZZ_B)/fuzz_extract \
	    tests/fuzz/fuzz_extract.c $(FUZZ_B)/libclaimx.a $(PKG_LIBS) -lstdc++

fuzz: fuzz-build all
	sh tests/fuzz/run.sh $(FUZZ_B) $(FUZZ_SECONDS)

clean:
	rm -rf $(B) $(DEMO) $(ASAN_B) $(FUZZ_B)

# ---- install / uninstall (PREFIX, DESTDIR), pkg-config file, ABI check ----
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
INSTALL    ?= install

.PHONY: install uninstall check-abi test-install
# claimx.pc is generated at every install: it depends on PREFIX and the dirs.
install: all
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    -e 's|@REQUIRES_PRIVATE@|$(PKGS)|g' claimx.pc.in > $(B)/claimx.pc
	$(INSTALL) -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
	    $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	$(INSTALL) -m 644 include/claimx.h $(DESTDIR)$(INCLUDEDIR)/claimx.h
	$(INSTALL) -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/libclaimx.so.$(VERSION)
	ln -sf libclaimx.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libclaimx.so
	$(INSTALL) -m 644 $(STLIB) $(DESTDIR)$(LIBDIR)/libclaimx.a
	$(INSTALL) -m 644 $(B)/claimx.pc $(DESTDIR)$(PKGCONFIGDIR)/claimx.pc
	$(INSTALL) -m 755 $(DEMO) $(DESTDIR)$(BINDIR)/claimx-demo
	$(INSTALL) -m 644 man/claimx-demo.1 $(DESTDIR)$(MANDIR)/man1/claimx-demo.1
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then ldconfig; fi

uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/claimx.h \
	    $(DESTDIR)$(LIBDIR)/libclaimx.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	    $(DESTDIR)$(LIBDIR)/libclaimx.so $(DESTDIR)$(LIBDIR)/libclaimx.a \
	    $(DESTDIR)$(PKGCONFIGDIR)/claimx.pc $(DESTDIR)$(BINDIR)/claimx-demo \
	    $(DESTDIR)$(MANDIR)/man1/claimx-demo.1

check-abi: $(SHLIB)
	@sh scripts/check-abi.sh $(SHLIB)

# install into a temporary DESTDIR, build examples/c against it with pkg-config
test-install: all
	sh tests/install.sh

# ---- ThreadSanitizer build of the threads suite (tests/test_threads.c) ----
TSAN_B = $(B)/tsan
TSAN_OBJS = $(MODULES:%=$(TSAN_B)/%.o) $(TSAN_B)/patterns_data.o
.PHONY: tsan
$(TSAN_B)/.dir:
	@mkdir -p $(TSAN_B) && touch $@
$(TSAN_B)/%.o: lib/%.c lib/internal.h include/claimx.h | $(TSAN_B)/.dir deps
	$(CC) $(CFLAGS_ALL) -fsanitize=thread -c -o $@ $<
$(TSAN_B)/patterns_data.o: $(B)/patterns_data.c lib/internal.h | $(TSAN_B)/.dir deps
	$(CC) $(CFLAGS_ALL) -fsanitize=thread -c -o $@ $<
$(TSAN_B)/check_main: $(TESTS) tests/check_main.c tests/tests.h $(TSAN_OBJS)
	$(CC) $(CFLAGS_ALL) -fsanitize=thread $(CHECK_CFLAGS) -Itests -o $@ tests/check_main.c $(TESTS) \
	    $(TSAN_OBJS) $(PKG_LIBS) $(CHECK_LIBS) $(LDFLAGS)
$(TSAN_B)/claimx-demo: cli/claimx-demo.c $(TSAN_OBJS)
	$(CC) $(CFLAGS_ALL) -fsanitize=thread -o $@ cli/claimx-demo.c $(TSAN_OBJS) $(PKG_LIBS) $(LDFLAGS)
# the threads suite, then claimx-demo -j 4 (files and --jsonl batches);
# any report stops the run with exit status 66
TSAN_ENV = TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"
tsan: $(TSAN_B)/check_main $(TSAN_B)/claimx-demo $(DEMO)
	CK_RUN_SUITE=threads CK_FORK=no $(TSAN_ENV) $(TSAN_B)/check_main
	./$(DEMO) --format json examples/articles/*.txt > $(TSAN_B)/want.jsonl
	$(TSAN_ENV) $(TSAN_B)/claimx-demo -j 4 --format json examples/articles/*.txt > $(TSAN_B)/got.jsonl
	cmp $(TSAN_B)/want.jsonl $(TSAN_B)/got.jsonl
	i=0; while [ $$i -lt 300 ]; do \
	    echo "{\"id\": $$i, \"text\": \"Il a levé $$i millions d'euros, soit \$$$$i.5 million.\"}"; \
	    i=$$((i + 1)); done > $(TSAN_B)/lines.jsonl
	./$(DEMO) --jsonl < $(TSAN_B)/lines.jsonl > $(TSAN_B)/want-lines.jsonl
	$(TSAN_ENV) $(TSAN_B)/claimx-demo --jsonl -j 4 < $(TSAN_B)/lines.jsonl > $(TSAN_B)/got-lines.jsonl
	cmp $(TSAN_B)/want-lines.jsonl $(TSAN_B)/got-lines.jsonl
	@echo "tsan: threads suite and claimx-demo -j 4 clean"

# ---- Python: examples/python/claimx.py (ctypes), tests/python (unittest) ----
PYTHON ?= python3
.PHONY: pytest
pytest: all
	@if command -v $(PYTHON) >/dev/null 2>&1; then \
	    echo "$(PYTHON) -m unittest discover -s tests/python"; \
	    $(PYTHON) -m unittest discover -s tests/python; \
	else echo "claimx: $(PYTHON) not found, Python tests skipped (apt-get install python3)"; fi

# ---- Dask example on a 2-worker LocalCluster (Debian's python3-distributed) ----
.PHONY: pydeps dask-test
pydeps:
	@sh scripts/ensure-pydeps.sh
dask-test: all pydeps
	sh tests/dask.sh
