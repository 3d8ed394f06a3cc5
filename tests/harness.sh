# harness.sh - the counters and check() shared by the shell tests (e2e.sh,
# dask.sh, install.sh); sourced, not run. Provides $tmp (removed on exit),
# check NAME COMMAND... and summary NAME, which prints the counts and
# returns non-zero when a check failed.
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { # check NAME COMMAND...
    name=$1; shift
    if "$@"; then ok; else ko "$name"; fi
}
summary() {
    echo "$1: $pass passed, $fail failed"
    test "$fail" -eq 0
}
