#!/bin/sh
# Run the libFuzzer target for a bounded time, then check the JSON output of
# every corpus input with Python's json module.
#   sh tests/fuzz/run.sh BUILD_DIR SECONDS
# The seed corpus is generated here from examples/articles/ and the test
# tables of tests/corpus/ (each text once per language/variant prefix); it is
# never checked in. The corpus the fuzzer grows is kept in BUILD_DIR/fuzz-corpus.
set -eu
B=$1
SECS=${2:-60}
seeds=$B/fuzz-seeds
corpus=$B/fuzz-corpus
mkdir -p "$corpus"
rm -rf "$seeds"
python3 tests/fuzz/seeds.py "$seeds"
echo "fuzz: $(ls "$seeds" | wc -l) seeds, $(ls "$corpus" | wc -l) inputs in $corpus; fuzzing for ${SECS}s" >&2
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
"$B/fuzz_extract" -max_total_time="$SECS" -max_len=8192 -timeout=20 -rss_limit_mb=2560 \
    -print_final_stats=1 -artifact_prefix="$B/" "$corpus" "$seeds" 2> "$B/fuzz.log" || {
    tail -60 "$B/fuzz.log" >&2
    echo "fuzz: FAILED; the crashing input is $(ls -t "$B"/crash-* "$B"/leak-* "$B"/timeout-* "$B"/oom-* 2>/dev/null | head -1)" >&2
    exit 1
}
grep -E '^#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb' "$B/fuzz.log" >&2 || true
echo "fuzz: corpus now $(ls "$corpus" | wc -l) inputs" >&2
# every corpus and seed input through claimx-demo, JSON parsed by Python
python3 tests/fuzz/check_json.py ./claimx-demo "$corpus" "$seeds"
