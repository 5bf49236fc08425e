# array.array methods: append/extend/insert/pop/remove/index(start, stop)/count/reverse/
# byteswap/buffer_info, the operators + * += *= and their errors, comparisons between
# arrays of the same and different typecodes, and argument-count messages.
from array import array as A


def attempt(label, f):
    try:
        print(label, "->", repr(f()))
    except Exception as e:
        print(label, "!!", type(e).__name__, e)


a = A("h", [1, 2, 3, 2])
a.append(5)
a.extend([6, 7])
a.extend(A("h", [8]))
a.extend(a)
print(a, len(a))
a = A("h", [1, 2])
a.insert(0, 0)
a.insert(100, 9)
a.insert(-100, -1)
a.insert(-1, 4)
print(a)
print(a.pop(), a.pop(0), a.pop(-2), a)
a = A("i", [3, 1, 3, 2, 3])
print(a.count(3), a.count(7), a.count(3.0), a.index(3), a.index(3, 1), a.index(3, -1))
print(a.index(2, 0, 4), a.index(3, -(2**70)), a.index(3, 1, 2**70))
a.remove(3)
print(a)
a.reverse()
print(a)
b = A("h", [1, 256])
b.byteswap()
print(b, A("d", [1.0]).tobytes() != A("d", [1.0]).byteswap())
u = A("u", "ab")
u.byteswap()
print(u.tobytes())
u.byteswap()
print(u)
info = a.buffer_info()
print(type(info).__name__, len(info), type(info[0]).__name__, info[1] == len(a))

attempt("index missing", lambda: a.index(9))
attempt("index stop", lambda: a.index(3, 0, 0))
attempt("index start type", lambda: a.index(3, "x"))
attempt("index None", lambda: a.index(3, None))
attempt("index no args", lambda: a.index())
attempt("index 4 args", lambda: a.index(1, 2, 3, 4))
attempt("remove missing", lambda: a.remove(9))
attempt("pop empty", lambda: A("b").pop())
attempt("pop range", lambda: a.pop(50))
attempt("pop str", lambda: a.pop("x"))
attempt("pop huge", lambda: a.pop(2**70))
attempt("pop 2 args", lambda: a.pop(1, 2))
attempt("insert 1 arg", lambda: a.insert(1))
attempt("insert str", lambda: a.insert("x", 1))
attempt("append none", lambda: a.append())
attempt("append kw", lambda: a.append(x=1))
attempt("count none", lambda: a.count())
attempt("extend int", lambda: a.extend(5))
attempt("extend kind", lambda: a.extend(A("b")))
attempt("byteswap arg", lambda: a.byteswap(1))
attempt("reverse arg", lambda: a.reverse(1))

x, y = A("b", [1, 2]), A("b", [3])
print(x + y, x * 3, 3 * x, x * 0, x * -2, type(x + y).__name__)
attempt("add list", lambda: x + [1])
attempt("radd list", lambda: [1] + x)
attempt("add kind", lambda: x + A("h"))
attempt("mul str", lambda: x * "a")
attempt("mul float", lambda: x * 1.5)
attempt("mul huge", lambda: x * 2**62)
attempt("mul overflow", lambda: x * 2**70)
z = x
z += y
z *= 2
print(z, z is x)
z *= 0
print(z, z is x)
attempt("iadd list", lambda: x.__iadd__([1]))
attempt("iadd kind", lambda: x.__iadd__(A("d")))

pairs = [(A("b", [1, 2]), A("b", [1, 2])), (A("b", [1, 2]), A("b", [1, 3])),
         (A("b", [1, 2]), A("b", [1, 2, 0])), (A("i", [1, 2]), A("d", [1.0, 2.5])),
         (A("d", [float("nan")]), A("d", [float("nan")])), (A("u", "ab"), A("u", "b")),
         (A("Q", [2**64 - 1]), A("q", [-1])), (A("f", [0.5]), A("d", [0.5]))]
for p, q in pairs:
    print(p, q, p == q, p != q, p < q, p <= q, p > q, p >= q)
attempt("eq list", lambda: A("b", [1]) == [1])
attempt("lt list", lambda: A("b", [1]) < [1])
attempt("lt u and b", lambda: A("u", "a") < A("b", [1]))
attempt("eq u and b", lambda: A("u", "a") == A("b", [1]))
