"""Tests of examples/python/claimx.py (unittest; `make pytest`, run by `make check`).

Run from the repository root after `make`: the module finds build/libclaimx.so.0
and the tests compare it with ./claimx-demo on examples/articles.
"""
import ctypes
import glob
import json
import os
import pickle
import re
import subprocess
import sys
import threading
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "examples", "python"))
import claimx  # noqa: E402

ARTICLES = sorted(glob.glob(os.path.join(ROOT, "examples", "articles", "*.txt")))
DEMO = os.path.join(ROOT, "claimx-demo")


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


class TestLibrary(unittest.TestCase):
    def test_version_matches_header(self):
        with open(os.path.join(ROOT, "include", "claimx.h")) as f:
            m = re.search(r'#define CLAIMX_VERSION_STRING "([^"]+)"', f.read())
        self.assertEqual(claimx.version(), m.group(1))

    def test_found_in_build_tree(self):
        if "CLAIMX_LIB" not in os.environ:
            self.assertEqual(claimx.library_path(), os.path.join(ROOT, "build", "libclaimx.so.0"))

    def _run(self, env_lib, cwd):
        env = dict(os.environ, CLAIMX_LIB=env_lib)
        code = ("import sys; sys.path.insert(0, %r); import claimx; "
                "print(claimx.library_path()); print(claimx.Extractor(lang='en').extract('It raised $5 million.')[0]['value'])"
                % os.path.join(ROOT, "examples", "python"))
        return subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)

    def test_claimx_lib_variable(self):
        lib = os.path.realpath(os.path.join(ROOT, "build", "libclaimx.so"))
        p = self._run(lib, "/")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.split(), [lib, "5000000"])
        p = self._run("/nonexistent/libclaimx.so.0", "/")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("CLAIMX_LIB", p.stderr)


class TestExtract(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ex = claimx.Extractor()
        cls.fr = claimx.Extractor(lang="fr")

    def test_claim_shape(self):
        t = "Il a levé 5 millions d’euros, soit environ 5,4 millions de dollars."
        cs = self.fr.extract(t)
        self.assertEqual(len(cs), 2)
        c = cs[0]
        self.assertEqual((c["kind"], c["value"], c["value_exact"], c["currency"], c["bound"], c["period"]),
                         ("money", 5000000, "5000000", "EUR", "exact", None))
        self.assertEqual((cs[1]["currency"], cs[1]["bound"], cs[1]["value_exact"]), ("USD", "approx", "5400000"))
        # byte offsets into the UTF-8 text; char offsets from the helper
        data = t.encode()
        for c in claimx.with_char_offsets(t, cs):
            self.assertEqual(data[c["start"]:c["end"]].decode(), c["text"])
            self.assertEqual(t[c["char_start"]:c["char_end"]], c["text"])
        self.assertEqual(cs[0]["start"], 11)  # "é" is 2 bytes
        self.assertEqual(claimx.with_char_offsets(t, cs)[0]["char_start"], 10)

    def test_byte_to_char_offsets(self):
        t = "é€😀a"
        self.assertEqual(claimx.byte_to_char_offsets(t, [9, 0, 2, 5, 10]), [3, 0, 1, 2, 4])
        with self.assertRaises(ValueError):
            claimx.byte_to_char_offsets(t, [11])

    def test_str_and_bytes_agree(self):
        for p in ARTICLES:
            data = read_bytes(p)
            self.assertEqual(self.ex.extract(data), self.ex.extract(data.decode()), p)

    def test_agrees_with_claimx_demo(self):
        out = subprocess.run([DEMO, "--format", "json"] + ARTICLES, stdout=subprocess.PIPE, check=True).stdout
        lines = out.decode().splitlines()
        self.assertEqual(len(lines), len(ARTICLES))
        total = 0
        for p, line in zip(ARTICLES, lines):
            want = json.loads(line)
            self.assertEqual(want.pop("doc"), os.path.basename(p))
            got = self.ex.extract_result(read_bytes(p))
            self.assertEqual(got, want, p)
            total += len(got["claims"])
            # str input: char offsets point at the same text
            text = read_bytes(p).decode()
            for c in claimx.with_char_offsets(text, self.ex.extract(text)):
                self.assertEqual(text[c["char_start"]:c["char_end"]], c["text"])
        self.assertGreater(total, 20)

    def test_kinds(self):
        t = "The company raised $5 million."
        self.assertEqual(claimx.Extractor(lang="en", kinds=["entity"]).extract(t), [])
        self.assertEqual(len(claimx.Extractor(lang="en", kinds="money").extract(t)), 1)
        with self.assertRaises(claimx.ClaimxError):
            claimx.Extractor(kinds=["bogus"])

    def test_errors_carry_library_message(self):
        with self.assertRaises(claimx.ClaimxError) as cm:
            self.fr.extract(b"Co\xfbt 5 millions de dollars")
        self.assertEqual(cm.exception.code, claimx.EUTF8)
        self.assertEqual(str(cm.exception), "input is not valid UTF-8")
        with self.assertRaises(claimx.ClaimxError) as cm:
            self.fr.extract("lone \ud800 surrogate")
        self.assertEqual(cm.exception.code, claimx.EUTF8)
        rep = claimx.Extractor(lang="fr", replace_invalid=True)
        self.assertEqual(rep.extract(b"Co\xfbt 5 millions de dollars")[0]["value"], 5000000)
        with self.assertRaises(claimx.ClaimxError) as cm:
            claimx.Extractor(lang="xx")
        self.assertEqual(cm.exception.code, claimx.ELANG)
        self.assertIn("xx", str(cm.exception))
        with self.assertRaises(claimx.ClaimxError) as cm:
            claimx.Extractor(pattern_dir="/nonexistent-claimx-dir")
        self.assertIn("nonexistent-claimx-dir", str(cm.exception))
        with self.assertRaises(TypeError):
            self.ex.extract(42)

    def test_closed(self):
        e = claimx.Extractor()
        e.close()
        e.close()
        with self.assertRaises(claimx.ClaimxError):
            e.extract("x")


class TestThreads(unittest.TestCase):
    def test_extract_many_equals_sequential(self):
        ex = claimx.Extractor()
        texts = [read_bytes(p) for p in ARTICLES] * 3
        want = [ex.extract(t) for t in texts]
        for threads in (1, 2, 4, 8):
            self.assertEqual(ex.extract_many(texts, threads=threads), want, threads)
        self.assertEqual(ex.extract_many([]), [])

    def test_threads_really_overlap(self):
        # the library is loaded with ctypes.CDLL, whose calls release the GIL:
        # while the main thread is inside one claimx_extract() call, another
        # thread runs Python code. Only the C call is inside the window (not
        # the wrapper's Python), and the text is large enough (3.4 MB) for the
        # call to take tens of milliseconds however fast the library gets.
        ex = claimx.Extractor(lang="en")
        lib = ex._lib
        self.assertNotIsInstance(lib, ctypes.PyDLL)
        data = ("Revenue rose to $3.84 billion, about \u20ac3.5 billion, up from 912 million dollars. "
                * 40000).encode("utf-8")
        started, done = threading.Event(), threading.Event()
        steps = [0]

        def spin():
            started.set()
            while not done.is_set():
                steps[0] += 1

        # no forced switch between threads for a second: the spinner only
        # runs while the main thread has let go of the GIL (with a library
        # that kept it, during stays 0; with PyDLL it does)
        interval = sys.getswitchinterval()
        sys.setswitchinterval(1.0)
        t = threading.Thread(target=spin)
        res = ctypes.c_void_p()
        try:
            t.start()
            started.wait()
            before = steps[0]
            rc = lib.claimx_extract(ex._handle, data, len(data), ctypes.byref(res))
            during = steps[0] - before
        finally:
            done.set()
            t.join()
            sys.setswitchinterval(interval)
        self.assertEqual(rc, 0)
        count = lib.claimx_result_count
        count.restype, count.argtypes = ctypes.c_size_t, [ctypes.c_void_p]
        n = count(res)
        lib.claimx_result_free(res)
        self.assertEqual(n, 120000)
        self.assertGreater(during, 0)

    def test_shared_between_plain_threads(self):
        ex = claimx.Extractor()
        texts = [read_bytes(p) for p in ARTICLES]
        want = [ex.extract(t) for t in texts]
        bad = []

        def work(k):
            for i in range(len(texts)):
                j = (i + k) % len(texts)
                if ex.extract(texts[j]) != want[j]:
                    bad.append(j)

        ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.assertEqual(bad, [])


class TestPickle(unittest.TestCase):
    def test_unpickle_makes_a_new_handle(self):
        ex = claimx.Extractor(lang="fr", kinds=["money"])
        blob = pickle.dumps(ex)
        self.assertNotIn(str(ex._handle.value).encode(), blob)
        ex2 = pickle.loads(blob)
        self.assertNotEqual(ex2._handle.value, ex._handle.value)
        self.assertEqual(ex2._config, ex._config)
        t = "Le projet coûte 3 milliards d'euros."
        self.assertEqual(ex2.extract(t), ex.extract(t))
        ex.close()
        self.assertEqual(len(ex2.extract(t)), 1)  # independent of the original

    def test_shared_extractor(self):
        a = claimx.shared_extractor(lang="en")
        self.assertIs(a, claimx.shared_extractor(lang="en"))
        self.assertIsNot(a, claimx.shared_extractor(lang="fr"))


if __name__ == "__main__":
    unittest.main()
