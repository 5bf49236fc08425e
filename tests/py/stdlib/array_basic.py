# array.array: construction from every kind of initializer, typecodes and item sizes,
# repr (CPython's exact form), len/iteration/indexing, the module's names and the
# constructor's errors.
import array
from array import array as A


def attempt(label, f):
    try:
        print(label, "->", repr(f()))
    except Exception as e:
        print(label, "!!", type(e).__name__, e)


print(array.typecodes, array.ArrayType is A, A.__module__, A.__name__)
print(sorted(n for n in dir(array) if not n.startswith("__")))
for c in array.typecodes:
    a = A(c)
    print(c, a.typecode, a.itemsize, repr(a), len(a), list(a))

# Initializers: list, tuple, range/generator (iterated), bytes, bytearray, str, arrays.
print(A("b", [1, -2, 3]), A("B", (0, 255)), A("h", range(3)), A("i", (x * x for x in range(4))))
print(A("l", [-(2**63), 2**63 - 1]), A("L", [2**64 - 1]), A("q", [5]), A("Q", [2**64 - 1]))
print(A("I", [2**32 - 1]), A("H", [65535]), A("f", [0.1, 1.5]), A("d", [0.1, -0.0, 1e300]))
print(A("d", [1, True, 2.5]), A("f", [1e300, -1e300]), A("d", [float("nan"), float("inf")]))
print(A("b", b"\x01\xff"), A("h", bytearray(b"\x01\x02\x03\x04")), A("u", "h\xe9\U0001f600"))
print(A("h", A("h", [1, 2])), A("d", A("b", [1, 2])), A("B", A("i", [7])))
print(A("u", A("u", "ab")), A("u", ["x", "y"]), A("b", {3: 0}), A("b", iter([4])))


class Idx:
    def __index__(self):
        return 7


print(A("b", [Idx()]), A("Q", [Idx()]), A("d", [Idx()]))

# Indexing and iteration
a = A("i", [10, 20, 30])
print(a[0], a[-1], a[1], list(a), [x + 1 for x in a], 20 in a, 25 in a, "x" in a)
it = iter(a)
print(type(it).__name__, type(it).__module__, next(it), list(it), list(it))
print(len(A("u", "abc")), A("u", "abc")[1], A("d", [2.5])[0], A("Q", [2**64 - 1])[0])

# repr of subclasses uses the subclass name
class Sub(A):
    pass


print(repr(Sub("b")), repr(Sub("u", "hi")), repr(Sub("d", [1])))
print(repr(A("u", "it's \"q\"\n")))

# Constructor errors
attempt("no args", lambda: A())
attempt("two chars", lambda: A("bb"))
attempt("int code", lambda: A(1))
attempt("bad code", lambda: A("x"))
attempt("bad code, bad init", lambda: A("x", 5))
attempt("too many", lambda: A("b", [1], 3))
attempt("keyword", lambda: A("b", initializer=[1]))
attempt("keyword only", lambda: A(typecode="b"))
attempt("str for b", lambda: A("b", "abc"))
attempt("u array for d", lambda: A("d", A("u", "a")))
attempt("not iterable", lambda: A("b", 5))
attempt("odd bytes", lambda: A("h", b"\x01\x02\x03"))
attempt("u from ints", lambda: A("u", [1]))
attempt("u from long str", lambda: A("u", ["ab"]))
attempt("b from float", lambda: A("b", [1.5]))
attempt("d from str", lambda: A("d", ["1"]))
attempt("f from huge int", lambda: A("f", [10**400]))
attempt("object.__new__", lambda: object.__new__(Sub))
attempt("hash", lambda: hash(A("b")))
attempt("iterator type", lambda: type(it)())
attempt("class_getitem", lambda: A[int])
