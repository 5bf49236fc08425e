# array.array subscripts: indexes, slices with every step, slice assignment (growing,
# shrinking, extended, self-assignment, CPython's deletion on an empty extended
# assignment), deletion, and the errors for bad keys and values.
from array import array as A


def attempt(label, f):
    try:
        print(label, "->", repr(f()))
    except Exception as e:
        print(label, "!!", type(e).__name__, e)


base = list(range(10))
a = A("h", base)
for s in [slice(2, 5), slice(None, None, 2), slice(None, None, -1), slice(8, 1, -3),
          slice(-3, None), slice(5, 2), slice(-100, 100), slice(1, None, 4),
          slice(2**70, None), slice(None, -(2**70), -1)]:
    r = a[s]
    assert r.tolist() == base[s], s
    print(s, r, type(r).__name__)


class Sub(A):
    pass


print(type(Sub("b", [1, 2])[:]).__name__, Sub("b", [1, 2])[::-1])


def assign(key, value, code="i"):
    a = A(code, range(6))
    a[key] = value
    return a


def delete(key):
    a = A("i", range(6))
    del a[key]
    return a


attempt("set index", lambda: assign(2, 99))
attempt("set -1", lambda: assign(-1, 99))
attempt("set grow", lambda: assign(slice(1, 2), A("i", [7, 8, 9])))
attempt("set shrink", lambda: assign(slice(1, 5), A("i", [7])))
attempt("set insert", lambda: assign(slice(3, 3), A("i", [7, 8])))
attempt("set reversed bounds", lambda: assign(slice(4, 1), A("i", [7])))
attempt("set ext", lambda: assign(slice(None, None, 2), A("i", [7, 8, 9])))
attempt("set ext neg", lambda: assign(slice(None, None, -2), A("i", [7, 8, 9])))
attempt("set ext empty deletes", lambda: assign(slice(None, None, 2), A("i")))
attempt("set ext size", lambda: assign(slice(None, None, 2), A("i", [1])))
attempt("set list", lambda: assign(slice(0, 2), [1, 2]))
attempt("set other kind", lambda: assign(slice(0, 2), A("h", [1])))
attempt("set item type", lambda: assign(0, "x"))
attempt("set item array", lambda: assign(0, A("i", [1])))
attempt("set out of range", lambda: assign(6, 1))
attempt("set -7", lambda: assign(-7, 1))
attempt("set str key", lambda: assign("x", 1))
attempt("set float key", lambda: assign(1.0, 1))
attempt("set huge key", lambda: assign(2**70, 1))
attempt("set step 0", lambda: assign(slice(None, None, 0), A("i")))
b = A("i", [1, 2, 3])
b[1:2] = b
print("self assign", b)
b[::-1] = b
print("self reverse", b)

attempt("del index", lambda: delete(0))
attempt("del -1", lambda: delete(-1))
attempt("del slice", lambda: delete(slice(1, 4)))
attempt("del ext", lambda: delete(slice(None, None, 2)))
attempt("del ext neg", lambda: delete(slice(None, None, -2)))
attempt("del ext 3", lambda: delete(slice(1, 6, 3)))
attempt("del empty", lambda: delete(slice(4, 2)))
attempt("del out of range", lambda: delete(6))
attempt("del str", lambda: delete("x"))

a = A("d", [0.5, 1.5])
attempt("get out of range", lambda: a[2])
attempt("get -3", lambda: a[-3])
attempt("get str", lambda: a["x"])
attempt("get float", lambda: a[1.0])
attempt("get huge", lambda: a[2**70])
attempt("get None", lambda: a[None])


class I:
    def __index__(self):
        return 1


print(a[I()], a[True], a[I():], A("b", [5, 6, 7])[::I()])
