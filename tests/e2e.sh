#!/bin/sh
# End-to-end tests of claimx-demo and the example program on examples/.
# Run from the repository root after `make` (make e2e does both).
set -u
DEMO=${DEMO:-./claimx-demo}
EXAMPLE=${EXAMPLE:-./build/example}
. tests/harness.sh

# 1. JSON output on the bundled articles equals the reviewed golden file
$DEMO --format json examples/articles/*.txt > "$tmp/ex.jsonl" 2> "$tmp/err"
check "json exit status" test $? -eq 0
check "json equals tests/golden/examples.jsonl" diff -u tests/golden/examples.jsonl "$tmp/ex.jsonl"
check "json: one line per article" test "$(wc -l < "$tmp/ex.jsonl")" -eq "$(ls examples/articles/*.txt | wc -l)"
check "json: nothing on stderr" test ! -s "$tmp/err"
if command -v python3 >/dev/null 2>&1; then
    check "json parses, offsets point at the text" python3 - "$tmp/ex.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    raw = open("examples/articles/" + d["doc"], "rb").read()
    for c in d["claims"]:
        assert raw[c["start"]:c["end"]].decode("utf-8") == c["text"], c
        assert c["kind"] in ("money", "gpu_count", "entity"), c
        if c["kind"] == "entity":
            assert c["type"] in ("ORG", "PERSON", "PRODUCT", "LOC"), c
            continue
        assert c["bound"] in ("exact", "approx", "at_least", "at_most"), c
        if c["kind"] == "money":
            assert c["currency"], c
        else:
            assert c["value"] >= 1 and "model" in c and "vendor" in c, c
PY
fi

# 2. human output: line numbers and context
$DEMO examples/articles/fr_levee_fonds_ia.txt > "$tmp/text" 2>&1
check "text exit status" test $? -eq 0
check "text shows line, value and context" grep -q "^ *1  money  450000000 EUR  \"450 millions d.euros\"  \.\.\..*\[450" "$tmp/text"

# 3. --jsonl: one line out per line in, in order, errors per line
printf '%s\n' '{"id": 1, "text": "Il a levé 6 millions de dollars."}' 'not json' \
    '{"id": "b", "text": "no money here"}' '{"id": [3], "text": "US$ 5 milhões \u00e9"}' \
    '{"id": 4}' | $DEMO --jsonl > "$tmp/jl" 2> "$tmp/jlerr"
check "jsonl exit status" test $? -eq 0
check "jsonl: one stderr line per bad input line" test "$(wc -l < "$tmp/jlerr")" -eq 2
check "jsonl: stderr names the line" grep -q '^claimx-demo: (stdin):2: ' "$tmp/jlerr"
check "jsonl one line per input" test "$(wc -l < "$tmp/jl")" -eq 5
check "jsonl keeps ids and order" sh -c "sed -n 1p '$tmp/jl' | grep -q '^{\"id\": 1, \"lang\": \"fr\", \"claims\": \[{\"kind\": \"money\"'"
check "jsonl bad line gives an error object" sh -c "sed -n 2p '$tmp/jl' | grep -q '^{\"id\": null, \"error\": '"
check "jsonl raw id kept" sh -c "sed -n 4p '$tmp/jl' | grep -q '^{\"id\": \[3\], '"
check "jsonl missing text" sh -c "sed -n 5p '$tmp/jl' | grep -q '^{\"id\": 4, \"error\": '"
printf '{"id": 9, "text": "x \\ud800 y"}\n' | $DEMO --jsonl --lang pt > "$tmp/jl2"
check "jsonl lone surrogate is not fatal" grep -q '"id": 9' "$tmp/jl2"

# 3b. --jsonl robustness: an id that is not valid JSON is never echoed; invalid
# UTF-8 inside "text" fails that line only; every output line is valid JSON
{ printf '%s\n' '{"id": tru, "text": "5 $"}'; printf '{"id": 2, "text": "Co\377t 5 millions de dollars"}\n'
  printf '%s\n' '{"id": 3, "text": "It raised $5 million."}'; } | $DEMO --jsonl > "$tmp/jl3" 2> "$tmp/jl3err"
check "jsonl bad id: exit status" test $? -eq 0
check "jsonl bad id: error with null id" sh -c "sed -n 1p '$tmp/jl3' | grep -q '^{\"id\": null, \"error\": '"
check "jsonl invalid UTF-8 line: error, next line processed" sh -c "sed -n 2p '$tmp/jl3' | grep -q 'not valid UTF-8' && sed -n 3p '$tmp/jl3' | grep -q '5000000'"
if command -v python3 >/dev/null 2>&1; then
    check "jsonl output parses" python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]' "$tmp/jl3"
fi

# 3c. a PCRE2 limit that is hit is reported: stderr warning, "limit_hit": true, exit 0
$DEMO --match-limit 2 --format json examples/articles/en_earnings.txt > "$tmp/lim" 2> "$tmp/limerr"
check "limit: exit status 0" test $? -eq 0
check "limit: limit_hit in JSON" grep -q '"limit_hit": true' "$tmp/lim"
check "limit: one warning on stderr" sh -c "test \$(wc -l < '$tmp/limerr') -eq 1 && grep -q 'match limit' '$tmp/limerr'"
check "limit: jsonl too" sh -c "echo '{\"id\": 1, \"text\": \"It raised \$5 million.\"}' | $DEMO --jsonl --match-limit=2 2>&1 | grep -c 'limit' | grep -q 2"
check "no limit hit by default" sh -c "! grep -q limit_hit tests/golden/examples.jsonl"
$DEMO --match-limit 0 examples/articles/en_earnings.txt > /dev/null 2>&1
check "--match-limit 0: exit 2" test $? -eq 2

# 4. exit codes and messages
$DEMO --format json examples/articles/en_earnings.txt /nonexistent.txt examples/articles/nl_chipfabriek.txt > "$tmp/o" 2> "$tmp/e"
check "missing file: exit 1" test $? -eq 1
check "missing file: other files processed" test "$(wc -l < "$tmp/o")" -eq 2
check "missing file: one line on stderr" test "$(wc -l < "$tmp/e")" -eq 1
printf 'Co\377t 5 millions de dollars' > "$tmp/bad.txt"
$DEMO "$tmp/bad.txt" > /dev/null 2> "$tmp/e"
check "invalid UTF-8: exit 1" test $? -eq 1
check "invalid UTF-8: message" grep -q 'not valid UTF-8' "$tmp/e"
check "invalid UTF-8 with --replace-invalid" sh -c "$DEMO --replace-invalid --lang fr '$tmp/bad.txt' | grep -q '5000000 USD'"
$DEMO --bogus x > /dev/null 2>&1
check "unknown option: exit 2" test $? -eq 2
$DEMO --lang xx examples/articles/en_earnings.txt > /dev/null 2> "$tmp/e"
check "unknown language: exit 3" test $? -eq 3
check "--version" sh -c "$DEMO --version | grep -q '^claimx-demo [0-9]'"
check "--help" sh -c "$DEMO --help | grep -q -- '--jsonl'"
check "--kinds gpu gives only gpu counts" sh -c "$DEMO --format json --kinds gpu examples/articles/en_gpu_cluster.txt | grep -q '^{\"doc\": \"en_gpu_cluster.txt\", \"lang\": \"en\", \"claims\": \[{\"kind\": \"gpu_count\"' && ! $DEMO --format json --kinds gpu examples/articles/en_gpu_cluster.txt | grep -q '\"kind\": \"money\"'"
check "--kinds entity has no money" sh -c "! $DEMO --format json --kinds entity examples/articles/en_earnings.txt | grep -q '\"kind\": \"money\"'"
check "--kinds entity has entities" sh -c "$DEMO --format json --kinds entity examples/articles/en_earnings.txt | grep -q '\"kind\": \"entity\", \"text\": \"Nvidia\", .*\"type\": \"ORG\"'"
check "text lists entities by type" sh -c "$DEMO examples/articles/fr_levee_fonds_ia.txt | grep -q '^ *PERSON  *Camille Rousseau'"
check "stdin" sh -c "echo 'It raised \$5 million.' | $DEMO --format json - | grep -q '\"value\": 5000000'"

# 5. run-time pattern directory, and a broken one
cp -r patterns "$tmp/pat"
check "--patterns DIR gives the same output" sh -c "$DEMO --patterns '$tmp/pat' --format json examples/articles/*.txt | diff -q - tests/golden/examples.jsonl"
printf 'broken = (\\d+\n' >> "$tmp/pat/common/money.pat"
$DEMO --patterns "$tmp/pat" examples/articles/en_earnings.txt > /dev/null 2> "$tmp/e"
check "bad pattern: exit 3" test $? -eq 3
check "bad pattern: file:line and PCRE2 message" grep -q 'common/money.pat:[0-9]*: rule broken.*missing closing parenthesis' "$tmp/e"

# 6. the example program links the shared library
check "examples/c/example" sh -c "$EXAMPLE | grep -q '^[0-9]*-[0-9]* 1600000000 USD bound=1'"

# 7. -j N: same output as one thread, in input order, same exit codes
for j in 2 4; do
    check "-j $j json equals golden" sh -c "$DEMO -j $j --format json examples/articles/*.txt | cmp -s - tests/golden/examples.jsonl"
done
$DEMO examples/articles/*.txt > "$tmp/t1"
check "--jobs=3 text equals one thread" sh -c "$DEMO --jobs=3 examples/articles/*.txt | cmp -s - '$tmp/t1'"
check "-j0 (all CPUs) equals one thread" sh -c "$DEMO -j0 examples/articles/*.txt | cmp -s - '$tmp/t1'"
$DEMO -j 2 --format json examples/articles/en_earnings.txt /nonexistent.txt examples/articles/nl_chipfabriek.txt > "$tmp/o" 2> "$tmp/e"
check "-j missing file: exit 1" test $? -eq 1
check "-j missing file: other files processed in order" sh -c "cut -c1-30 '$tmp/o' | tr '\n' ' ' | grep -q 'en_earnings.*nl_chipfabriek'"
check "-j missing file: one line on stderr" test "$(wc -l < "$tmp/e")" -eq 1
$DEMO -j x examples/articles/en_earnings.txt > /dev/null 2>&1
check "-j x: exit 2" test $? -eq 2
$DEMO -j 100000 examples/articles/en_earnings.txt > /dev/null 2>&1
check "-j too big: exit 2" test $? -eq 2
# --jsonl over several batches (64 N lines each), with bad lines among them
i=0
while [ $i -lt 700 ]; do
    case $((i % 7)) in
        3) echo 'not json' ;;
        5) echo "{\"id\": $i, \"text\": \"Le projet coûte $i millions d'euros, soit environ $((i + 1)) millions de dollars.\"}" ;;
        *) echo "{\"id\": \"d$i\", \"text\": \"It raised \$$i.5 million in 2024 and pays $i euros a month.\", \"x\": 1}" ;;
    esac
    i=$((i + 1))
done > "$tmp/many.jsonl"
$DEMO --jsonl < "$tmp/many.jsonl" > "$tmp/m1"
check "jsonl many: one line per input" test "$(wc -l < "$tmp/m1")" -eq 700
for j in 2 3 8; do
    $DEMO --jsonl -j $j < "$tmp/many.jsonl" > "$tmp/mj"
    check "jsonl -j $j exit status" test $? -eq 0
    check "jsonl -j $j equals one thread" cmp -s "$tmp/m1" "$tmp/mj"
done
check "jsonl -j file argument" sh -c "$DEMO --jsonl -j 2 '$tmp/many.jsonl' '$tmp/many.jsonl' | cat '$tmp/m1' '$tmp/m1' - | sort | uniq -u | wc -l | grep -qx 0"
if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json, glob, sys
for p in sorted(glob.glob("examples/articles/*.txt")) * 20:
    print(json.dumps({"id": p.split("/")[-1], "text": open(p, encoding="utf-8", newline="").read()}))' > "$tmp/art.jsonl"
    $DEMO --jsonl < "$tmp/art.jsonl" > "$tmp/a1"
    check "jsonl articles -j 4 equals one thread" sh -c "$DEMO --jsonl -j 4 < '$tmp/art.jsonl' | cmp -s - '$tmp/a1'"
    check "jsonl articles agree with --format json" sh -c "head -n 9 '$tmp/a1' | sed 's/^{\"id\": /{\"doc\": /' | cmp -s - tests/golden/examples.jsonl"
fi

summary e2e
