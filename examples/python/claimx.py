"""claimx - a small ctypes binding for libclaimx (standard library only).

    from claimx import Extractor
    ex = Extractor(lang=None, kinds=None)       # compiles the patterns once
    ex.extract("Il a levé 5 millions d'euros.")  # -> [{"kind": "money", ...}]
    ex.extract_many(texts, threads=4)            # -> [[...], [...], ...], in order

Claims are dicts shaped like the library's JSON format (kind, text, start, end,
value, value_exact, currency, bound, period, lang, rule). start and end are
byte offsets into the UTF-8 text; with_char_offsets() adds str indices.

One Extractor may be shared by any number of threads: ctypes releases the GIL
while the library runs, so extract_many() uses every core. Extractor objects
pickle as their options and build a fresh native handle when unpickled.

The library is found, in order: $CLAIMX_LIB (a path to libclaimx.so.N); the
build tree next to this file (../../build); the dynamic loader's search path
(an installed copy: /usr/local/lib after ldconfig, or LD_LIBRARY_PATH); and
<prefix>/lib/libclaimx.so.N for the prefixes /usr/local and /usr.
"""

import ctypes
import ctypes.util
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor

__all__ = ["Extractor", "ClaimxError", "shared_extractor", "with_char_offsets",
           "byte_to_char_offsets", "version", "library_path"]

ABI_MAJOR = 0  # the soname is libclaimx.so.<ABI_MAJOR>
KINDS = {"money": 1, "gpu": 2, "gpu_count": 2, "entity": 3}
OPT_REPLACE_INVALID = 0x1
EUTF8, ELANG, EINVAL = -3, -9, -2


class ClaimxError(Exception):
    """An error reported by libclaimx; .code is the library's status code."""

    def __init__(self, message, code=None):
        super().__init__(message)
        self.code = code


class _Options(ctypes.Structure):
    # mirrors claimx_options in claimx.h (new fields are only ever appended)
    _fields_ = [("struct_size", ctypes.c_uint32), ("kinds", ctypes.c_uint32),
                ("flags", ctypes.c_uint32), ("lang", ctypes.c_char_p),
                ("pattern_dir", ctypes.c_char_p), ("match_limit", ctypes.c_uint32),
                ("depth_limit", ctypes.c_uint32), ("heap_limit_kib", ctypes.c_uint32),
                ("max_input", ctypes.c_size_t)]


_lib = None
_lib_path = None
_lib_lock = threading.Lock()


def _candidates():
    env = os.environ.get("CLAIMX_LIB")
    if env:
        return [env]  # explicit: nothing else is tried
    here = os.path.dirname(os.path.abspath(__file__))
    build = os.path.normpath(os.path.join(here, "..", "..", "build"))
    names = ["libclaimx.so.%d" % ABI_MAJOR]
    found = ctypes.util.find_library("claimx")
    if found:
        names.append(found)
    return ([os.path.join(build, "libclaimx.so.%d" % ABI_MAJOR)] + names +
            [os.path.join(p, "lib", "libclaimx.so.%d" % ABI_MAJOR) for p in ("/usr/local", "/usr")])


def _load():
    global _lib, _lib_path
    with _lib_lock:
        if _lib is not None:
            return _lib
        errors = []
        for path in _candidates():
            if os.sep in path and not os.path.exists(path):
                errors.append("%s: no such file" % path)
                continue
            try:
                lib = ctypes.CDLL(path)
            except OSError as e:
                errors.append(str(e))
                continue
            _declare(lib)
            _lib, _lib_path = lib, path
            return lib
        raise ClaimxError("cannot load libclaimx (set CLAIMX_LIB to the path of libclaimx.so.%d): %s"
                          % (ABI_MAJOR, "; ".join(errors)))


def _declare(lib):
    P, I, S, V = ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t, None
    PP = ctypes.POINTER(ctypes.c_void_p)
    for name, res, args in [
            ("claimx_version", ctypes.c_char_p, []),
            ("claimx_strerror", ctypes.c_char_p, [I]),
            ("claimx_options_init", V, [P]),
            ("claimx_extractor_new", I, [P, PP, PP]),
            ("claimx_extractor_free", V, [P]),
            ("claimx_extract", I, [P, ctypes.c_char_p, S, PP]),
            ("claimx_result_to_json", I, [P, PP, ctypes.POINTER(S)]),
            ("claimx_result_flags", ctypes.c_uint32, [P]),
            ("claimx_result_free", V, [P]),
            ("claimx_string_free", V, [P])]:
        f = getattr(lib, name)
        f.restype, f.argtypes = res, args


def _strerror(lib, rc):
    return lib.claimx_strerror(rc).decode("utf-8", "replace")


def version():
    """Version string of the loaded library, e.g. "0.1.0"."""
    return _load().claimx_version().decode()


def library_path():
    """The path (or name) the library was loaded from."""
    _load()
    return _lib_path


def _kind_bits(kinds):
    if kinds is None:
        return 0  # the library's default: all kinds
    if isinstance(kinds, str):
        kinds = [k for k in kinds.split(",") if k.strip()]
    bits = 0
    for k in kinds:
        k = k.strip()
        if k not in KINDS:
            raise ClaimxError("unknown kind %r (known: money, gpu, entity)" % k, EINVAL)
        bits |= 1 << KINDS[k]
    if not bits:
        raise ClaimxError("kinds is empty", EINVAL)
    return bits


def _as_bytes(text):
    if isinstance(text, str):
        # lone surrogates pass through as invalid UTF-8: the library reports
        # them (or replaces them with replace_invalid=True)
        return text.encode("utf-8", "surrogatepass")
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text)
    raise TypeError("text must be str or bytes, not %s" % type(text).__name__)


class Extractor:
    """A compiled set of claimx patterns. Thread-safe; build once, reuse."""

    def __init__(self, lang=None, kinds=None, replace_invalid=False, pattern_dir=None):
        self._config = {"lang": lang, "kinds": kinds, "replace_invalid": bool(replace_invalid),
                        "pattern_dir": pattern_dir}
        self._handle = None
        self._open()

    def _open(self):
        lib = self._lib = _load()
        c = self._config
        buf = ctypes.create_string_buffer(512)  # room for fields a newer library may append
        lib.claimx_options_init(buf)
        opts = _Options.from_buffer(buf)
        bits = _kind_bits(c["kinds"])
        if bits:
            opts.kinds = bits
        if c["replace_invalid"]:
            opts.flags |= OPT_REPLACE_INVALID
        keep = []  # the encoded strings must outlive the call
        if c["lang"] is not None:
            keep.append(c["lang"].encode())
            opts.lang = keep[-1]
        if c["pattern_dir"] is not None:
            keep.append(os.fsencode(c["pattern_dir"]))
            opts.pattern_dir = keep[-1]
        handle, err = ctypes.c_void_p(), ctypes.c_void_p()
        rc = lib.claimx_extractor_new(buf, ctypes.byref(handle), ctypes.byref(err))
        if rc != 0:
            msg = _strerror(lib, rc)
            if err.value:
                msg = ctypes.string_at(err.value).decode("utf-8", "replace")
                lib.claimx_string_free(err)
            raise ClaimxError(msg, rc)
        self._handle = handle

    def close(self):
        """Free the native handle now (also done when the object is collected)."""
        h, self._handle = getattr(self, "_handle", None), None
        if h and h.value:
            self._lib.claimx_extractor_free(h)

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # pickling: the options only; the handle is re-created on unpickle
    def __getstate__(self):
        return dict(self._config)

    def __setstate__(self, state):
        self._config = dict(state)
        self._handle = None
        self._open()

    def __repr__(self):
        return "Extractor(lang=%r, kinds=%r)" % (self._config["lang"], self._config["kinds"])

    def extract_json(self, text):
        """The library's JSON object for text, as a str: {"lang": ..., "claims": [...]}."""
        if not self._handle:
            raise ClaimxError("extractor is closed", EINVAL)
        data = _as_bytes(text)
        lib = self._lib
        res = ctypes.c_void_p()
        rc = lib.claimx_extract(self._handle, data, len(data), ctypes.byref(res))  # GIL released
        if rc != 0:
            raise ClaimxError(_strerror(lib, rc), rc)
        try:
            out, n = ctypes.c_void_p(), ctypes.c_size_t()
            rc = lib.claimx_result_to_json(res, ctypes.byref(out), ctypes.byref(n))
            if rc != 0:
                raise ClaimxError(_strerror(lib, rc), rc)
            try:
                return ctypes.string_at(out.value, n.value).decode("utf-8")
            finally:
                lib.claimx_string_free(out)
        finally:
            lib.claimx_result_free(res)

    def extract_result(self, text):
        """{"lang": main language, "claims": [claim dicts]}."""
        return json.loads(self.extract_json(text))

    def extract(self, text):
        """The claims of text (str or UTF-8 bytes) as a list of dicts."""
        return self.extract_result(text)["claims"]

    def extract_many(self, texts, threads=None):
        """extract() over texts on `threads` threads (default: all CPUs); results in order."""
        texts = list(texts)
        threads = threads or os.cpu_count() or 1
        if threads <= 1 or len(texts) <= 1:
            return [self.extract(t) for t in texts]
        with ThreadPoolExecutor(max_workers=min(threads, len(texts))) as pool:
            return list(pool.map(self.extract, texts))


_shared = {}
_shared_lock = threading.Lock()


def shared_extractor(lang=None, kinds=None, replace_invalid=False, pattern_dir=None):
    """A process-wide Extractor for these options, built on first use (e.g.
    one per Dask or Spark worker process)."""
    key = (lang, kinds if isinstance(kinds, (str, type(None))) else tuple(kinds),
           bool(replace_invalid), pattern_dir)
    with _shared_lock:
        ex = _shared.get(key)
        if ex is None:
            ex = _shared[key] = Extractor(lang, kinds, replace_invalid, pattern_dir)
        return ex


def byte_to_char_offsets(text, offsets):
    """Map UTF-8 byte offsets into str `text` to str indices (offsets must fall
    on character boundaries, as claim offsets do)."""
    data = text.encode("utf-8", "surrogatepass")
    out = {}
    prev_b = prev_c = 0
    for off in sorted(set(offsets)):
        if off < 0 or off > len(data):
            raise ValueError("offset %d outside the text (%d bytes)" % (off, len(data)))
        prev_c += len(data[prev_b:off].decode("utf-8", "surrogatepass"))
        prev_b = off
        out[off] = prev_c
    return [out[o] for o in offsets]


def with_char_offsets(text, claims):
    """Copies of claims with "char_start"/"char_end": str indices into text, so
    text[c["char_start"]:c["char_end"]] == c["text"]."""
    pos = byte_to_char_offsets(text, [o for c in claims for o in (c["start"], c["end"])])
    out = []
    for i, c in enumerate(claims):
        c = dict(c)
        c["char_start"], c["char_end"] = pos[2 * i], pos[2 * i + 1]
        out.append(c)
    return out
