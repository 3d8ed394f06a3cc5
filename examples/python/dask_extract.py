#!/usr/bin/env python3
"""dask_extract.py - extract claims from many articles on a dask.distributed cluster.

    python3 dask_extract.py ARTICLES_DIR -o claims.jsonl              # LocalCluster
    python3 dask_extract.py articles.jsonl -o claims.jsonl --workers 4
    python3 dask_extract.py articles.jsonl --scheduler tcp://host:8786 -o claims.jsonl

INPUT is a folder (its *.txt files, in name order; id = the file name) or a
JSONL file with one {"id": ..., "text": ...} per line. The output has one line
per input document, in input order, shaped like `claimx-demo --jsonl`:
{"id": ..., "lang": ..., "claims": [...]}, or {"id": ..., "error": "..."}.

Each worker process builds one extractor on first use (claimx.shared_extractor)
and keeps it: extractors are never pickled or shipped. Only file paths (folder
input) or lines of text (JSONL input) travel to the workers.

With --scheduler, claimx.py is uploaded to the workers; they must be able to
load libclaimx (installed, or CLAIMX_LIB set in the workers' environment) and,
for folder input, read the same paths.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import claimx  # noqa: E402


def output_line(doc_id, ex, text):
    """One output line (without newline) for one document."""
    head = '{"id": %s, ' % json.dumps(doc_id, ensure_ascii=False)
    try:
        return head + ex.extract_json(text)[1:]
    except claimx.ClaimxError as e:
        return head + '"error": %s}' % json.dumps(str(e), ensure_ascii=False)


def extract_files(paths, lang, kinds):
    """Worker side: a partition of file paths -> output lines."""
    ex = claimx.shared_extractor(lang=lang, kinds=kinds)
    out = []
    for p in paths:
        try:
            with open(p, "rb") as f:
                data = f.read()
        except OSError as e:
            out.append('{"id": %s, "error": %s}' % (json.dumps(os.path.basename(p), ensure_ascii=False),
                                                   json.dumps(e.strerror or str(e))))
            continue
        out.append(output_line(os.path.basename(p), ex, data))
    return out


def extract_lines(lines, lang, kinds):
    """Worker side: a partition of JSONL lines -> output lines."""
    ex = claimx.shared_extractor(lang=lang, kinds=kinds)
    out = []
    for line in lines:
        try:
            doc = json.loads(line)
        except ValueError:
            doc = None
        if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
            doc_id = doc.get("id") if isinstance(doc, dict) else None
            msg = 'line is not a JSON object with a \\"text\\" string' if line.strip() else "empty line"
            out.append('{"id": %s, "error": "%s"}' % (json.dumps(doc_id, ensure_ascii=False), msg))
            continue
        out.append(output_line(doc.get("id"), ex, doc["text"]))
    return out


def worker_stats():
    """Worker side: (pid, number of extractors this process built)."""
    return os.getpid(), len(claimx._shared)


def chunks(items, size):
    return [items[i:i + size] for i in range(0, len(items), size)]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", help="a folder of .txt articles or a JSONL file of {id, text}")
    ap.add_argument("-o", "--output", default="-", help="output JSONL file (default: standard output)")
    ap.add_argument("--scheduler", help="address of a running scheduler (default: start a LocalCluster)")
    ap.add_argument("--workers", type=int, help="LocalCluster worker processes (default: dask's choice)")
    ap.add_argument("--threads", type=int, default=1, help="threads per LocalCluster worker (default 1)")
    ap.add_argument("--partition-size", type=int, default=64, help="documents per task (default 64)")
    ap.add_argument("--lang", help="force the language (fr, nl, pt, en)")
    ap.add_argument("--kinds", help="comma-separated kinds: money,gpu,entity (default: all)")
    ap.add_argument("--stats", action="store_true", help="print per-worker extractor counts on stderr")
    a = ap.parse_args(argv)

    from dask.distributed import Client, LocalCluster  # imported late: --help works without dask

    if os.path.isdir(a.input):
        items = sorted(os.path.join(os.path.abspath(a.input), n) for n in os.listdir(a.input) if n.endswith(".txt"))
        func = extract_files
    else:
        with open(a.input, encoding="utf-8", newline="\n") as f:
            items = list(f)  # every line gives one output line, as with claimx-demo --jsonl
        func = extract_lines

    cluster = None
    if a.scheduler:
        client = Client(a.scheduler)
        client.upload_file(claimx.__file__)
    else:
        # the worker processes inherit the environment: point them at this
        # module and at the library this process found
        os.environ["CLAIMX_LIB"] = os.path.abspath(claimx.library_path()) \
            if os.sep in claimx.library_path() else claimx.library_path()
        os.environ["PYTHONPATH"] = HERE + os.pathsep + os.environ.get("PYTHONPATH", "")
        import logging
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=a.threads, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        futures = client.map(func, chunks(items, max(1, a.partition_size)), lang=a.lang, kinds=a.kinds,
                             pure=False)
        out = sys.stdout if a.output == "-" else open(a.output, "w", encoding="utf-8")
        try:
            for fut in futures:  # in input order
                for line in fut.result():
                    out.write(line + "\n")
                fut.release()
            out.flush()
        finally:
            if out is not sys.stdout:
                out.close()
        if a.stats:
            for addr, (pid, n) in sorted(client.run(worker_stats).items()):
                print("worker %s pid %d: %d extractor(s)" % (addr, pid, n), file=sys.stderr)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
