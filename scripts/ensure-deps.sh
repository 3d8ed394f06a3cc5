#!/bin/sh
# Make sure the build dependencies are installed: PCRE2, ICU, Check and
# pkg-config (Debian: libpcre2-dev libicu-dev check pkg-config).
# As root, installs what is missing with apt-get; otherwise prints the one
# command to run and fails.
PKGS="libpcre2-dev libicu-dev check pkg-config"
have() {
    command -v pkg-config >/dev/null 2>&1 &&
        pkg-config --exists libpcre2-8 icu-uc icu-i18n check 2>/dev/null
}
have && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "claimx: installing build dependencies: $PKGS" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq $PKGS >/dev/null || {
        echo "claimx: apt-get install failed; run: apt-get install -y $PKGS" >&2
        exit 1
    }
    have && exit 0
    echo "claimx: dependencies still missing after apt-get; run: apt-get install -y $PKGS" >&2
    exit 1
fi
echo "claimx: missing build dependencies; run: sudo apt-get install -y $PKGS" >&2
exit 1
