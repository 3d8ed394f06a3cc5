#!/usr/bin/env python3
"""Write the fuzz seed corpus into DIR: every example article (whole, and each
paragraph), every input of the test tables tests/corpus/*/*.tsv and some of them
as --jsonl lines, each behind the two bytes fuzz_extract reads as kinds and
language/variant."""
import glob, hashlib, json, os, sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
LANGS = {"auto": 0, "fr": 1, "nl": 2, "pt": 3, "en": 4}
texts = []  # (lang index, bytes)
for p in sorted(glob.glob("examples/articles/*.txt")):
    raw = open(p, "rb").read()
    lang = LANGS.get(os.path.basename(p)[:2], 0)
    texts.append((0, raw))
    texts += [(lang, para) for para in raw.split(b"\n") if para.strip()]
for p in sorted(glob.glob("tests/corpus/*/*.tsv")):
    lang = LANGS.get(os.path.basename(os.path.dirname(p)), 0)
    for line in open(p, "rb"):
        if line.startswith(b"#") or not line.strip():
            continue
        texts.append((lang, line.split(b"\t")[0].replace(b"\\n", b"\n")))
# a few as claimx-demo --jsonl lines, for the JSON reader
for i, (lang, t) in enumerate(list(texts[:60])):
    line = json.dumps({"id": [i, "x"] if i % 2 else i, "text": t.decode("utf-8", "replace")}, ensure_ascii=i % 3 == 0)
    texts.append((lang, line.encode("utf-8")))
n = 0
for i, (lang, t) in enumerate(texts):
    kinds = i % 7  # every kind combination over the corpus
    variant = (i // 7) % 2  # REPLACE_INVALID on half; tiny limits come from mutation
    data = bytes([kinds, lang + 5 * variant]) + t
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
    n += 1
print(f"seeds.py: {n} seeds in {out}", file=sys.stderr)
