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
OPT     ?= -O2 -g
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

TESTS = $(sort $(wildcard tests/test_*.c))

.PHONY: all deps demo check clean unit e2e bench
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
	$(CC) -std=c11 -Wall -Wextra -Werror -Iinclude -o $@ examples/c/example.c -L$(B) -lclaimx -Wl,-rpath,'$$ORIGIN'

# The benchmark links the static library (for the internal per-stage timing
# hook); BENCH_ARGS="--mb 5 --runs 3" for a quick run.
BENCH_ARGS ?=
$(B)/bench: bench/bench.c $(STLIB)
	$(CC) $(CFLAGS_ALL) -pthread -o $@ bench/bench.c $(STLIB) $(PKG_LIBS) $(LDFLAGS)

bench: $(B)/bench
	$(B)/bench $(BENCH_ARGS) examples/articles/*.txt

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

clean:
	rm -rf $(B) $(DEMO)
