#!/bin/sh
# Install into a temporary DESTDIR with a non-default PREFIX, then check the
# installed tree: files, soname and symlinks, versions, pkg-config (shared
# and static), the ABI check, and that uninstall removes everything.
# Run from the repository root after `make` (make test-install does both).
set -u
MAKE=${MAKE:-make}
CC=${CC:-cc}
. tests/harness.sh

D=$tmp/root
P=/opt/claimx
VERSION=$(sed -n 's/^#define CLAIMX_VERSION_STRING "\(.*\)"/\1/p' include/claimx.h)
MAJOR=${VERSION%%.*}

$MAKE -s install DESTDIR="$D" PREFIX="$P" > "$tmp/log" 2>&1
check "make install" test $? -eq 0
for f in include/claimx.h lib/libclaimx.so.$VERSION lib/libclaimx.a lib/pkgconfig/claimx.pc \
         bin/claimx-demo share/man/man1/claimx-demo.1; do
    check "installed $f" test -f "$D$P/$f"
done
check "symlink libclaimx.so.$MAJOR" test "$(readlink "$D$P/lib/libclaimx.so.$MAJOR")" = "libclaimx.so.$VERSION"
check "symlink libclaimx.so" test "$(readlink "$D$P/lib/libclaimx.so")" = "libclaimx.so.$MAJOR"
check "soname" sh -c "readelf -d '$D$P/lib/libclaimx.so.$VERSION' | grep -q 'SONAME.*\[libclaimx.so.$MAJOR\]'"
check "nothing installed outside PREFIX" test "$(ls "$D")" = opt
check "man page renders" sh -c "! command -v man >/dev/null || man -l '$D$P/share/man/man1/claimx-demo.1' 2>/dev/null | grep -q jsonl"
check "installed header is the source header" cmp -s include/claimx.h "$D$P/include/claimx.h"
check "installed claimx-demo runs" sh -c "'$D$P/bin/claimx-demo' --version | grep -q '^claimx-demo $VERSION (libclaimx $VERSION)\$'"

# pkg-config, as a cross build would see it: sysroot = DESTDIR
export PKG_CONFIG_PATH="$D$P/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$D"
check "pkg-config --modversion = header version" test "$(pkg-config --modversion claimx)" = "$VERSION"
check "pkg-config prefix (sysroot applied)" test "$(pkg-config --variable=prefix claimx)" = "$D$P"
check "claimx.pc prefix" grep -q "^prefix=$P\$" "$D$P/lib/pkgconfig/claimx.pc"
cflags=$(pkg-config --cflags claimx) && libs=$(pkg-config --libs claimx)
check "pkg-config --cflags points into DESTDIR" sh -c "echo '$cflags' | grep -q -- '-I$D$P/include'"

# examples/c against the installed copy (shared)
$CC -std=c11 -Wall -Wextra -Werror -o "$tmp/example" examples/c/example.c $cflags $libs
check "examples/c builds with pkg-config" test $? -eq 0
LD_LIBRARY_PATH="$D$P/lib" "$tmp/example" > "$tmp/out"
check "examples/c runs" test $? -eq 0
check "examples/c uses the installed library" sh -c "LD_LIBRARY_PATH='$D$P/lib' ldd '$tmp/example' | grep -q '$D$P/lib/libclaimx.so.$MAJOR'"
check "examples/c output" grep -q '^[0-9]*-[0-9]* 1600000000 USD bound=1 "1,6 milliard de dollars"$' "$tmp/out"
check "examples/c JSON line" grep -q '^{"lang": "fr", "claims": \[{"kind": "money", .*"currency": "USD", "bound": "approx"' "$tmp/out"
LD_LIBRARY_PATH="$D$P/lib" "$tmp/example" "Nvidia earned \$2.1 billion." > "$tmp/out2"
check "examples/c with an argument" grep -q '2100000000 USD bound=0' "$tmp/out2"

# examples/c linked statically: Requires.private / Libs.private must be enough
slibs=$(pkg-config --static --libs claimx | sed 's/-lclaimx/-l:libclaimx.a/')
$CC -std=c11 -o "$tmp/example_static" examples/c/example.c $cflags $slibs
check "static link with pkg-config --static" test $? -eq 0
check "static binary needs no libclaimx.so" sh -c "! ldd '$tmp/example_static' | grep -q libclaimx"
check "static example output" sh -c "'$tmp/example_static' | grep -q '1600000000 USD bound=1'"

# the header's version macros agree with the library actually loaded
cat > "$tmp/version.c" <<'C'
#include <claimx.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
    char s[32];
    snprintf(s, sizeof s, "%d.%d.%d", CLAIMX_VERSION_MAJOR, CLAIMX_VERSION_MINOR, CLAIMX_VERSION_PATCH);
    if (strcmp(claimx_version(), CLAIMX_VERSION_STRING) || strcmp(s, CLAIMX_VERSION_STRING) ||
        claimx_version_number() != CLAIMX_VERSION_NUMBER) {
        printf("mismatch: header %s (%s, %u), library %s (%u)\n", CLAIMX_VERSION_STRING, s,
               (unsigned)CLAIMX_VERSION_NUMBER, claimx_version(), (unsigned)claimx_version_number());
        return 1;
    }
    puts(claimx_version());
    return 0;
}
C
$CC -std=c11 -Wall -Wextra -Werror -o "$tmp/version" "$tmp/version.c" $cflags $libs
check "version program builds" test $? -eq 0
check "header version = claimx_version() at run time = pkg-config" \
    test "$(LD_LIBRARY_PATH="$D$P/lib" "$tmp/version")" = "$VERSION"
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR

# the ABI check passes on the installed library, and catches a stray export
check "check-abi on the installed library" sh scripts/check-abi.sh "$D$P/lib/libclaimx.so.$VERSION" > /dev/null
printf 'int claimx_ok(void) { return 1; }\nint helper(void) { return 2; }\n' > "$tmp/bad.c"
$CC -shared -fPIC -o "$tmp/libbad.so" "$tmp/bad.c"
sh scripts/check-abi.sh "$tmp/libbad.so" > /dev/null 2> "$tmp/abierr"
check "check-abi fails on a stray export" test $? -eq 1
check "check-abi names the symbol" grep -q '^  helper$' "$tmp/abierr"

# uninstall removes every file
$MAKE -s uninstall DESTDIR="$D" PREFIX="$P" > "$tmp/log" 2>&1
check "make uninstall" test $? -eq 0
check "uninstall leaves no file" test -z "$(find "$D" ! -type d)"

summary install
