#!/bin/sh
# Optional Python dependencies, for the Python tests (python3) and the Dask
# example and its test (Debian's python3-distributed, for /usr/bin/python3).
# As root, installs what is missing with apt-get; otherwise prints the one
# command to run and fails.
PKGS="python3 python3-distributed"
have() {
    [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import dask.distributed' >/dev/null 2>&1
}
have && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "claimx: installing optional Python dependencies: $PKGS" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $PKGS >/dev/null || {
        echo "claimx: apt-get install failed; run: apt-get install -y $PKGS" >&2
        exit 1
    }
    have && exit 0
    echo "claimx: python3-distributed still not importable by /usr/bin/python3 after apt-get" >&2
    exit 1
fi
echo "claimx: missing optional Python dependencies; run: sudo apt-get install -y $PKGS" >&2
exit 1
