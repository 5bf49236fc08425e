# array.array conversions: frombytes/tobytes (any single-byte buffer), fromlist/tolist,
# fromunicode/tounicode, fromfile/tofile over file-like objects, with CPython's errors;
# a failed conversion leaves the array unchanged.
import io
from array import array as A


def attempt(label, f):
    try:
        print(label, "->", repr(f()))
    except Exception as e:
        print(label, "!!", type(e).__name__, e)


a = A("h", [1, -2, 300])
raw = a.tobytes()
print(raw, type(raw).__name__)
b = A("h")
b.frombytes(raw)
b.frombytes(bytearray(b"\x05\x00"))
b.frombytes(memoryview(b"\x06\x00"))
b.frombytes(A("B", [7, 0]))
b.frombytes(memoryview(A("h", [8])).cast("B"))
print(b)
attempt("frombytes str", lambda: b.frombytes("ab"))
attempt("frombytes int", lambda: b.frombytes(5))
attempt("frombytes odd", lambda: b.frombytes(b"\x01"))
attempt("frombytes wide array", lambda: b.frombytes(A("h", [1])))
attempt("frombytes wide view", lambda: b.frombytes(memoryview(A("i", [1]))))
print(b)

print(A("d", [1.5, 2]).tolist(), A("u", "hi").tolist(), A("b").tolist())
c = A("b", [1])
c.fromlist([2, 3])
attempt("fromlist bad item", lambda: c.fromlist([4, 500]))
attempt("fromlist tuple", lambda: c.fromlist((4,)))
print(c)


class Shrinker:
    def __index__(self):
        victims.pop()
        return 1


victims = [Shrinker(), 2, 3]
attempt("list changed", lambda: c.fromlist(victims))
print(c)

u = A("u", "h\xe9")
u.fromunicode("llo \U0001f600")
print(u, u.tounicode(), len(u))
attempt("fromunicode int", lambda: u.fromunicode(5))
attempt("fromunicode bytes", lambda: u.fromunicode(b"x"))
attempt("fromunicode b", lambda: A("b").fromunicode("x"))
attempt("tounicode b", lambda: A("b").tounicode())
bad = A("u")
bad.frombytes(b"\x00\x00\x11\x00")
attempt("tounicode invalid", lambda: bad.tounicode())
attempt("item invalid", lambda: bad[0])

f = io.BytesIO()
A("i", [1, 2, 3]).tofile(f)
A("i").tofile(5)
print(f.getvalue())
f.seek(0)
g = A("i")
g.fromfile(f, 2)
print(g)
attempt("fromfile short", lambda: g.fromfile(f, 5))
print(g)
attempt("fromfile negative", lambda: g.fromfile(io.BytesIO(), -1))
attempt("fromfile str n", lambda: g.fromfile(io.BytesIO(), "x"))
attempt("fromfile not file", lambda: g.fromfile(5, 1))
attempt("fromfile text", lambda: g.fromfile(io.StringIO("abcd"), 1))
attempt("fromfile odd", lambda: g.fromfile(io.BytesIO(b"abcdef"), 2))
attempt("fromfile 1 arg", lambda: g.fromfile(io.BytesIO()))
attempt("tofile int", lambda: g.tofile(5))
print(g)

big = A("B", range(256)) * 600
out = io.BytesIO()
big.tofile(out)
print(len(out.getvalue()), out.getvalue() == big.tobytes())


class Recorder:
    def __init__(self):
        self.sizes = []

    def write(self, b):
        self.sizes.append(len(b))


r = Recorder()
big.tofile(r)
print(r.sizes)
