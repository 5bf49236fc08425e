# array.array as a buffer exporter: bytes()/bytearray(), memoryview (format, item size,
# shape, reads and writes through the view), struct.pack_into/unpack_from, writes and
# readinto on BytesIO and real files, bytes-like arguments, and subclasses.
import io
import struct
from array import array as A


def attempt(label, f):
    try:
        print(label, "->", repr(f()))
    except Exception as e:
        print(label, "!!", type(e).__name__, e)


a = A("h", [1, -2, 300])
print(bytes(a), bytearray(a), len(bytes(A("d", [1.0, 2.0]))), bytes(A("u", "hi")))
m = memoryview(a)
print(m.format, m.itemsize, m.nbytes, m.shape, m.strides, m.readonly, len(m), m.ndim)
print(m.tolist(), m[1], m[-1], m[::2].tolist(), m.obj is a, m == a)
m[1] = 7
print(a, m.cast("B").tolist())
attempt("view write range", lambda: m.__setitem__(0, 2**20))
attempt("hash view", lambda: hash(m))
for code in "bBhHiIlLqQfd":
    v = memoryview(A(code, [1, 2]))
    print(code, v.format, v.itemsize, v.tolist())
attempt("u view", lambda: memoryview(A("u", "ab")).format)
attempt("u view tolist", lambda: memoryview(A("u", "ab")).tolist())

# A view sees later writes to the array; once released, the array may be resized.
w = A("i", [1, 2, 3])
v = memoryview(w)
w[0] = 10
print(v[0], v.tolist())
v.release()
del w[1:]
print(w)

b = A("b", [0] * 8)
struct.pack_into("<hi", b, 1, 258, -1)
print(b, struct.unpack_from("<hi", b, 1), struct.unpack("<3h", A("h", [1, 2, 3])))
attempt("pack_into short", lambda: struct.pack_into("<q", A("b", [0]), 0, 1))

f = io.BytesIO()
print(f.write(A("i", [1, 2])), f.getvalue())
f.seek(0)
r = A("i", [0, 0, 0])
print(f.readinto(r), r)

try:
    with open("/proc/self/environ", "rb") as env:
        stress = b"EMBER_GC_STRESS=1" in env.read()
except OSError:
    stress = False
path = "_array_buffer" + ("_s" if stress else "") + ".tmp"
with open(path, "wb") as fh:
    print(fh.write(A("H", [1, 2, 65535])))
    A("d", [0.5]).tofile(fh)
with open(path, "rb") as fh:
    x = A("H")
    x.fromfile(fh, 3)
    y = A("d")
    y.fromfile(fh, 1)
    print(x, y)
    attempt("fromfile at eof", lambda: y.fromfile(fh, 1))
with open(path, "rb", buffering=0) as fh:
    z = A("h", [0, 0])
    print(fh.readinto(z), z)
with open(path, "wb") as fh:
    pass

print(b"".join([A("b", [65, 66]), b"C"]), b"x" + A("b", [65]), bytearray(b"x") + A("b", [65]))
print(b"A" == A("b", [65]), bytearray(b"A") == A("b", [65]), A("b", [65]) == bytearray(b"A"))
print(int.from_bytes(A("B", [1, 2]), "big"), str(A("B", [104, 105]), "ascii"))
print(b"a-b".split(A("b", [45])), A("B", [99]) in [b"c"], b"xcx".count(A("B", [99])))
attempt("bytes lt array", lambda: b"a" < A("b", [1]))


class Samples(A):
    def __init__(self, code, data=(), rate=0):
        self.rate = rate

    def mean(self):
        return sum(self) / len(self)


s = Samples("f", [0.5, 1.5], rate=8000)
print(s, s.rate, s.mean(), bytes(s), memoryview(s).tolist(), type(s[:]).__name__)
print(isinstance(s, A), len(s), s == A("f", [0.5, 1.5]))
