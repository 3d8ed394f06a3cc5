#!/bin/sh
# Make sure the tools of the robustness targets are installed (Debian 12):
#   sh scripts/ensure-robust-deps.sh fuzz       clang-14, libclang-rt-14-dev (libFuzzer), python3
#   sh scripts/ensure-robust-deps.sh valgrind   valgrind
# As root, installs what is missing with apt-get; otherwise prints the one
# command to run and fails.
case "${1:-}" in
fuzz)
    PKGS="clang-14 libclang-rt-14-dev python3"
    have() {
        command -v clang-14 >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1 &&
            ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1
    } ;;
valgrind)
    PKGS="valgrind"
    have() { command -v valgrind >/dev/null 2>&1; } ;;
*)
    echo "usage: ensure-robust-deps.sh fuzz|valgrind" >&2
    exit 2 ;;
esac
have && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "claimx: installing $1 dependencies: $PKGS" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq $PKGS >/dev/null || {
        echo "claimx: apt-get install failed; run: apt-get install -y $PKGS" >&2
        exit 1
    }
    have && exit 0
    echo "claimx: $1 dependencies still missing after apt-get; run: apt-get install -y $PKGS" >&2
    exit 1
fi
echo "claimx: missing $1 dependencies; run: sudo apt-get install -y $PKGS" >&2
exit 1
