# libclaimx - plain Makefile. `make` builds the libraries and claimx-demo,
# `make demo` runs the demo on examples/, `make check` runs every test.
# Both first make sure the system packages are there (scripts/ensure-deps.sh).

VERSION := $(shell sed -n 's/^\#define CLAIMX_VERSION_STRING "\(.*\)"/\1/p' include/claimx.h)
MAJOR   := $(shell sed -n 's/^\#define CLAIMX_VERSION_MAJOR \([0-9]*\)/\1/p' include/claimx.h)

PKGS      = libpcre2-8 icu-uc icu-i18n
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
CHECK_CFLAGS = $(shell pkg-config --cflags check)
CHECK_LIBS   = $(shell pkg-config --libs check)

CC      ?= cc
OPT     ?= -O2 -g
WARN     = -Wall -Wextra -Werror
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) -fPIC -fvisibility=hidden \
             -Iinclude -Ilib $(PKG_CFLAGS) $(CFLAGS)

B = build
MODULES = normalise segment language patterns numbers money gpu entities claims json
OBJS = $(MODULES:%=$(B)/%.o) $(B)/patterns_data.o
PATTERN_FILES = $(sort $(wildcard patterns/*/*.pat patterns/*/*.txt))

SONAME  = libclaimx.so.$(MAJOR)
SHLIB   = $(B)/libclaimx.so.$(VERSION)
STLIB   = $(B)/libclaimx.a
DEMO    = claimx-demo

TESTS = $(sort $(wildcard tests/test_*.c))

.PHONY: all deps demo check clean unit e2e asan valgrind fuzz fuzz-build stress
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

demo: all
	./$(DEMO) examples/articles/*.txt

$(B)/check_main: $(TESTS) tests/check_main.c tests/tests.h $(STLIB)
	$(CC) $(CFLAGS_ALL) $(CHECK_CFLAGS) -Itests -o $@ tests/check_main.c $(TESTS) $(STLIB) \
	    $(PKG_LIBS) $(CHECK_LIBS) $(LDFLAGS)

unit: $(B)/check_main
	$(B)/check_main

e2e: all $(B)/example
	sh tests/e2e.sh

check: deps
	$(MAKE) unit
	$(MAKE) e2e

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
