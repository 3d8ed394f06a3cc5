#!/bin/sh
# Make sure clang and its libFuzzer/sanitizer runtimes are installed (Debian 12:
# clang-14 libclang-rt-14-dev), for `make fuzz`. As root, installs what is
# missing with apt-get; otherwise prints the one command to run and fails.
PKGS="clang-14 libclang-rt-14-dev"
have() {
    command -v clang-14 >/dev/null 2>&1 &&
        ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1
}
have && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "claimx: installing fuzzing dependencies: $PKGS" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq $PKGS >/dev/null || {
        echo "claimx: apt-get install failed; run: apt-get install -y $PKGS" >&2
        exit 1
    }
    have && exit 0
    echo "claimx: fuzzing dependencies still missing after apt-get; run: apt-get install -y $PKGS" >&2
    exit 1
fi
echo "claimx: missing fuzzing dependencies; run: sudo apt-get install -y $PKGS" >&2
exit 1
