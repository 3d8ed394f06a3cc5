#!/usr/bin/env python3
"""Run every input file of the given folders through claimx-demo --format json
(with and without --replace-invalid) and check the output with Python's json
module: one valid JSON line per readable file, every claim's text equal to its
byte span of the file, and for invalid UTF-8 without --replace-invalid exactly
one line on stderr and exit status 1.
    check_json.py ./claimx-demo DIR..."""
import json, os, subprocess, sys

demo, dirs = sys.argv[1], sys.argv[2:]
files = sorted(os.path.join(d, f) for d in dirs for f in os.listdir(d))
files = [f for f in files if os.path.isfile(f)]


def valid_utf8(b):
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


bad = 0
checked = claims = 0
for mode in ("--replace-invalid", None):
    for i in range(0, len(files), 500):
        chunk = files[i:i + 500]
        args = [demo, "--format", "json"] + ([mode] if mode else []) + ["--"] + chunk
        p = subprocess.run(args, capture_output=True)
        raws = {os.path.basename(f): open(f, "rb").read() for f in chunk}
        invalid = [f for f in chunk if not valid_utf8(raws[os.path.basename(f)])]
        expect_lines = len(chunk) if mode else len(chunk) - len(invalid)
        lines = p.stdout.split(b"\n")[:-1]
        errs = p.stderr.decode("utf-8", "replace").splitlines()
        errs_utf8 = [e for e in errs if "not valid UTF-8" in e]
        if len(lines) != expect_lines:
            print(f"check_json: {len(lines)} lines for {expect_lines} files ({mode})", file=sys.stderr)
            bad += 1
        if p.returncode != (1 if (invalid and not mode) else 0):
            print(f"check_json: exit status {p.returncode} ({mode}, {len(invalid)} invalid files)", file=sys.stderr)
            bad += 1
        if not mode and len(errs_utf8) != len(invalid):
            print(f"check_json: {len(errs_utf8)} UTF-8 errors on stderr for {len(invalid)} invalid files", file=sys.stderr)
            bad += 1
        for line in lines:
            try:
                d = json.loads(line.decode("utf-8"))  # strict: bytes must be UTF-8 too
            except (UnicodeDecodeError, ValueError) as e:
                print(f"check_json: invalid JSON ({e}): {line[:200]!r}", file=sys.stderr)
                bad += 1
                continue
            checked += 1
            raw = raws[d["doc"]]
            assert isinstance(d["claims"], list) and isinstance(d["lang"], str)
            if d.get("limit_hit") not in (None, True):
                bad += 1
            for c in d["claims"]:
                claims += 1
                span = raw[c["start"]:c["end"]]
                if not (0 <= c["start"] <= c["end"] <= len(raw)):
                    print(f"check_json: span out of range in {d['doc']}: {c}", file=sys.stderr)
                    bad += 1
                elif valid_utf8(span) and span.decode("utf-8") != c["text"]:
                    print(f"check_json: text differs from span in {d['doc']}: {c}", file=sys.stderr)
                    bad += 1
print(f"check_json: {len(files)} files, {checked} JSON documents, {claims} claims, {bad} problems", file=sys.stderr)
sys.exit(1 if bad else 0)
