#!/bin/sh
# check-abi.sh LIB.so - fail when the shared library exports (defines in its
# dynamic symbol table) any symbol without the claimx_ prefix.
# Used by `make check-abi`; tests/install.sh also feeds it a bad library.
set -u
lib=${1:?usage: check-abi.sh LIB.so}
[ -f "$lib" ] || { echo "check-abi: $lib: no such file" >&2; exit 2; }
syms=$(nm -D --defined-only "$lib") || { echo "check-abi: nm failed on $lib" >&2; exit 2; }
bad=$(printf '%s\n' "$syms" | awk 'NF >= 3 { print $3 }' | grep -v '^claimx_' || true)
n=$(printf '%s\n' "$syms" | awk 'NF >= 3 && $3 ~ /^claimx_/' | wc -l)
if [ -n "$bad" ]; then
    echo "check-abi: $lib exports symbols without the claimx_ prefix:" >&2
    printf '  %s\n' $bad >&2
    exit 1
fi
if [ "$n" -eq 0 ]; then
    echo "check-abi: $lib exports no claimx_ symbol at all" >&2
    exit 1
fi
echo "check-abi: $lib exports $n symbols, all claimx_*"
