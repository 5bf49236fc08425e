# array.array pickling and copying: __reduce_ex__ for every protocol (the
# _array_reconstructor form from protocol 3, the list form before), copy/deepcopy,
# subclasses with attributes, _array_reconstructor's decoding of foreign machine formats
# and its errors, and iterator pickling.
import copy
import pickle
import array
from array import array as A


def attempt(label, f):
    try:
        print(label, "->", repr(f()))
    except Exception as e:
        print(label, "!!", type(e).__name__, e)


for code in array.typecodes:
    a = A(code, "ab" if code == "u" else [1, 2])
    r3 = a.__reduce_ex__(3)
    print(code, r3[0].__name__, r3[1][1:], r3[2], a.__reduce_ex__(2)[1])
    for p in range(pickle.HIGHEST_PROTOCOL + 1):
        b = pickle.loads(pickle.dumps(a, p))
        assert b == a and type(b) is A and b is not a, (code, p)
print("round trips ok")
attempt("reduce_ex str", lambda: A("b").__reduce_ex__("3"))
attempt("reduce_ex none", lambda: A("b").__reduce_ex__())

c = A("d", [1.5])
print(copy.copy(c), copy.deepcopy(c), c.__copy__() is not c, c.__deepcopy__({}))
attempt("deepcopy no memo", lambda: c.__deepcopy__())


class Tagged(A):
    def __init__(self, code, data=(), tag=None):
        self.tag = tag


t = Tagged("i", [1, 2], tag="t1")
t.extra = [1]
r = t.__reduce_ex__(4)
print(r[1][0].__name__, r[2] == {"tag": "t1", "extra": [1]})
for p in (2, 4):
    u = pickle.loads(pickle.dumps(t, p))
    print(p, type(u).__name__, u, u.tag, u.extra)
print(type(copy.copy(t)).__name__, type(copy.deepcopy(t)).__name__)

rec = array._array_reconstructor
print(rec.__module__, rec(A, "b", 1, b"\x01\xff"))
print(rec(A, "b", 0, b"\x01\xff"), rec(A, "h", 5, b"\x01\xff"), rec(A, "l", 8, b"\x01\xff\x00\x00"))
print(rec(A, "L", 11, bytes(7) + b"\x05"), rec(A, "d", 17, b"\x3f\xf0" + bytes(6)))
print(rec(A, "f", 15, b"\x3f\xc0\x00\x00"), rec(A, "u", 19, b"\x00a\x00b"))
print(rec(A, "u", 21, b"\x00\x00\x00a\x00\x00\x00b"), rec(Tagged, "b", 1, b"\x07"))
attempt("bad type", lambda: rec(A, "x", 1, b""))
attempt("bad mformat", lambda: rec(A, "b", 22, b""))
attempt("negative mformat", lambda: rec(A, "b", -1, b""))
attempt("not bytes", lambda: rec(A, "b", 1, "x"))
attempt("bytearray", lambda: rec(A, "b", 1, bytearray(b"a")))
attempt("not a subtype", lambda: rec(int, "b", 1, b""))
attempt("not a type", lambda: rec(5, "b", 1, b""))
attempt("long typecode", lambda: rec(A, "bb", 1, b""))
attempt("int typecode", lambda: rec(A, 5, 1, b""))
attempt("odd length", lambda: rec(A, "h", 3, b"\x01"))
attempt("native odd length", lambda: rec(A, "h", 4, b"\x01"))
attempt("float mformat", lambda: rec(A, "b", 1.0, b""))
attempt("three args", lambda: rec(A, "b", 1))
attempt("float into int", lambda: rec(A, "b", 16, bytes(8)))

it = iter(A("b", [1, 2, 3]))
next(it)
print(it.__reduce__()[1:], list(pickle.loads(pickle.dumps(it))))
print(list(it), it.__reduce__()[1])
it2 = iter(A("b", [1, 2, 3]))
it2.__setstate__(2)
print(list(it2))
it3 = iter(A("b", [1, 2, 3]))
it3.__setstate__(-5)
print(list(it3))
it4 = iter(A("b", [1, 2, 3]))
it4.__setstate__(50)
print(list(it4))
attempt("reduce arg", lambda: it.__reduce__(1))
attempt("setstate str", lambda: it.__setstate__("1"))

# reversed() over an array (arrays have no __reversed__) pickles through reversed's
# own __reduce__/__setstate__.
r = reversed(A("b", [1, 2, 3]))
print(r.__reduce__()[1:], next(r), r.__reduce__()[2])
print(list(pickle.loads(pickle.dumps(r))), list(r), r.__reduce__()[1])
print(list(pickle.loads(pickle.dumps(r))))
for st in (0, 10, -5):
    r = reversed(A("b", [1, 2, 3]))
    r.__setstate__(st)
    print(st, list(r))
attempt("reversed setstate str", lambda: reversed(A("b")).__setstate__("x"))
