# io errors: open()'s argument and mode validation, closed-file errors at every layer,
# UnsupportedOperation, detached streams and the abstract bases' defaults.
import io
import sys

try:
    with open("/proc/self/environ", "rb") as env:
        stress = b"EMBER_GC_STRESS=1" in env.read()
except OSError:
    stress = False
NAME = "_io_errors" + ("_s" if stress else "") + ".tmp"


def show(label, fn):
    try:
        r = fn()
        print(label, "->", r if isinstance(r, (int, bytes, str, bool, type(None))) else type(r).__name__)
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)


with open(NAME, "w") as f:
    f.write("data\n")

for mode in ["rw", "rz", "", "+", "b", "rr", "wa", "rtb", "xa", "U", "r+b+", "t"]:
    show("mode %r" % mode, lambda: open(NAME, mode))
show("mode int", lambda: open(NAME, 5))
show("binary encoding", lambda: open(NAME, "rb", encoding="utf-8"))
show("binary errors", lambda: open(NAME, "rb", errors="strict"))
show("binary newline", lambda: open(NAME, "rb", newline=""))
show("unbuffered text", lambda: open(NAME, "r", buffering=0))
show("bad newline", lambda: open(NAME, newline="x"))
show("newline type", lambda: open(NAME, newline=5))
show("encoding type", lambda: open(NAME, encoding=5))
show("unknown encoding", lambda: open(NAME, encoding="nope"))
show("float path", lambda: open(5.5))
show("list path", lambda: open([]))
show("negative fd", lambda: open(-1))
show("null byte", lambda: open("a\0b"))
show("missing", lambda: open("/nonexistent/dir/file"))
show("directory", lambda: open("."))
show("too many args", lambda: open(NAME, "r", -1, None, None, None, True, None, 1))
show("bad keyword", lambda: open(NAME, bogus=1))
show("closefd with name", lambda: open(NAME, closefd=False))
try:
    open(NAME, "x")
except FileExistsError as e:
    print("exclusive existing", e.errno, e.strerror, e.filename == NAME)
try:
    open("/nonexistent/x")
except FileNotFoundError as e:
    print(e.errno, e.strerror, e.filename, isinstance(e, OSError))
print(issubclass(io.UnsupportedOperation, OSError), issubclass(io.UnsupportedOperation, ValueError))
print(io.UnsupportedOperation.__module__, io.DEFAULT_BUFFER_SIZE, io.BlockingIOError is BlockingIOError)
print(open is io.open, io.text_encoding(None), io.text_encoding("ascii"))

r = open(NAME)
show("write read-only", lambda: r.write("x"))
show("write bytes", lambda: r.write(b"x"))
show("truncate read-only", lambda: r.truncate())
r.close()
w = open(NAME, "w")
show("read write-only", lambda: w.read())
show("readline write-only", lambda: w.readline())
w.close()
wb = open(NAME, "wb")
show("binary read", lambda: wb.read())
show("binary write str", lambda: wb.write("x"))
show("peek attribute", lambda: wb.peek)
wb.close()
rb = open(NAME, "rb", buffering=0)
show("raw write", lambda: rb.write(b"x"))
show("raw readinto bytes", lambda: rb.readinto(b"x"))
rb.close()

layers = {
    "text": open(NAME, "w"),
    "buffered": open(NAME, "rb"),
    "raw": open(NAME, "rb", buffering=0),
    "bytesio": io.BytesIO(),
    "stringio": io.StringIO(),
}
for name, obj in layers.items():
    obj.close()
    obj.close()
    print(name, obj.closed)
    for meth, args in [("read", ()), ("write", ("x",)), ("seek", (0,)), ("tell", ()),
                       ("flush", ()), ("fileno", ()), ("readline", ()), ("isatty", ()),
                       ("__iter__", ()), ("__enter__", ())]:
        if meth == "write" and name in ("buffered", "raw", "bytesio"):
            args = (b"x",)
        show("  " + meth, lambda: getattr(obj, meth)(*args))

t = io.TextIOWrapper(io.BytesIO(b"abc"), encoding="ascii")
b = t.detach()
print(type(b).__name__, b.read())
show("detached read", lambda: t.read())
show("detached encoding", lambda: t.encoding)
show("detached repr", lambda: repr(t))

for base in [io.IOBase(), io.RawIOBase(), io.BufferedIOBase(), io.TextIOBase()]:
    kind = type(base).__name__
    for meth, args in [("seek", (0,)), ("tell", ()), ("truncate", ()), ("fileno", ()),
                       ("read", ()), ("write", (b"",)), ("detach", ()), ("readable", ()),
                       ("isatty", ())]:
        if hasattr(base, meth):
            show(kind + "." + meth, lambda: getattr(base, meth)(*args))
show("bufferedio read via readinto", lambda: io.BufferedIOBase().readinto(bytearray(1)))
show("FileIO bad mode", lambda: io.FileIO(NAME, "rw"))
show("FileIO mode chars", lambda: io.FileIO(NAME, "rq"))
show("BufferedReader over writer", lambda: io.BufferedReader(io.FileIO(NAME, "w")))
show("buffer size", lambda: io.BufferedWriter(io.FileIO(NAME, "w"), 0))
show("uninitialized", lambda: io.BufferedReader.__new__(io.BufferedReader).read())
show("TextIOWrapper bad newline", lambda: io.TextIOWrapper(io.BytesIO(), newline="\t"))
show("TextIOWrapper seek whence", lambda: io.TextIOWrapper(io.BytesIO()).seek(1, 1))
show("TextIOWrapper seek end", lambda: io.TextIOWrapper(io.BytesIO()).seek(1, 2))
show("TextIOWrapper seek negative", lambda: io.TextIOWrapper(io.BytesIO()).seek(-1))
show("decode error", lambda: io.TextIOWrapper(io.BytesIO(b"\xff"), encoding="utf-8").read())
show("encode error", lambda: io.TextIOWrapper(io.BytesIO(), encoding="ascii").write("é"))
s = sys.stdout
print(s.name, s.mode, s.encoding, s.errors, sys.stderr.errors, sys.stdin.mode, s.writable(), s.readable())
show("stdout read", lambda: s.read())


def conflict():
    class X(io.BytesIO, io.StringIO):
        pass


show("layout conflict", conflict)
show("new of int", lambda: io.StringIO.__new__(int))
