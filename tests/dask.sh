#!/bin/sh
# The Dask example (examples/python/dask_extract.py) on a 2-worker LocalCluster
# gives the same output as one process (claimx-demo), for folder and JSONL
# input, and builds one extractor per worker process.
# Run from the repository root after `make` (make dask-test does both).
set -u
PY=${PYTHON_DASK:-/usr/bin/python3}
DEMO=./claimx-demo
. tests/harness.sh

if ! "$PY" -c 'import dask.distributed' 2>/dev/null; then
    echo "FAIL: $PY cannot import dask.distributed (run: sh scripts/ensure-pydeps.sh as root)" >&2
    exit 1
fi

# folder input, 2 workers, 2 documents per task so both workers get work
"$PY" examples/python/dask_extract.py examples/articles --workers 2 --partition-size 2 --stats \
    -o "$tmp/folder.jsonl" 2> "$tmp/stats"
check "folder: exit status" test $? -eq 0
$DEMO --format json examples/articles/*.txt | sed 's/^{"doc": /{"id": /' > "$tmp/want-folder.jsonl"
check "folder: output equals claimx-demo" cmp -s "$tmp/want-folder.jsonl" "$tmp/folder.jsonl"
check "folder: 2 workers" test "$(grep -c '^worker ' "$tmp/stats")" -eq 2
check "folder: one extractor per worker process" test "$(grep -c ': 1 extractor(s)$' "$tmp/stats")" -eq 2

# JSONL input: the articles several times, plus bad lines; one line out per line in
"$PY" - "$tmp/in.jsonl" <<'PYEOF'
import glob, json, sys
paths = sorted(glob.glob("examples/articles/*.txt"))
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for r in range(4):
        for i, p in enumerate(paths):
            with open(p, encoding="utf-8", newline="") as f:
                out.write(json.dumps({"id": "%d-%s" % (r, p.split("/")[-1]), "text": f.read()}) + "\n")
            if i == 3:
                out.write('not json\n{"id": 7}\n\n')
PYEOF
"$PY" examples/python/dask_extract.py "$tmp/in.jsonl" --workers 2 --partition-size 5 -o "$tmp/lines.jsonl" 2> "$tmp/err"
check "jsonl: exit status" test $? -eq 0
$DEMO --jsonl < "$tmp/in.jsonl" > "$tmp/want-lines.jsonl"
check "jsonl: one line per input line" test "$(wc -l < "$tmp/lines.jsonl")" -eq "$(wc -l < "$tmp/in.jsonl")"
check "jsonl: output equals claimx-demo --jsonl" cmp -s "$tmp/want-lines.jsonl" "$tmp/lines.jsonl"
check "jsonl: has claims" test "$(grep -c '"kind": "money"' "$tmp/lines.jsonl")" -ge 30
check "jsonl: errors per line" test "$(grep -c '"error"' "$tmp/lines.jsonl")" -eq 12

summary dask
