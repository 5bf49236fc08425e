# array.array edge cases: Python code that mutates the array in the middle of an
# operation (__eq__ during index/count/in, __index__ during item and slice assignment),
# comparisons across typecodes (exact int/float semantics), slot-wrapper argument
# messages, and odd but valid arguments.
from array import array as A


def attempt(label, f):
    try:
        print(label, "->", repr(f()))
    except Exception as e:
        print(label, "!!", type(e).__name__, repr(str(e)))


class Evil:
    def __eq__(self, other):
        victim.pop()
        return False


victim = A("b", [1, 2, 3, 4])
attempt("index mutating", lambda: victim.index(Evil()))
print(victim)
victim = A("b", [1, 2, 3, 4])
attempt("in mutating", lambda: Evil() in victim)
victim = A("b", [1, 2, 3, 4])
attempt("count mutating", lambda: victim.count(Evil()))
victim = A("b", [1, 2, 3, 4])
attempt("remove mutating", lambda: victim.remove(Evil()))


class Grow:
    def __index__(self):
        g.extend([9] * 100)
        return 5


g = A("b", [1, 2])
g[0] = Grow()
print(g[0], len(g))
g = A("b", [1, 2])
g.insert(1, Grow())
print(g[:4], len(g))


class Shrink:
    def __index__(self):
        del h[:]
        return 1


h = A("b", [1, 2])
attempt("set while shrinking", lambda: h.__setitem__(1, Shrink()))
print(h)
h = A("b", [1, 2, 3])
attempt("slice bound shrinking", lambda: h[Shrink():])

# Mixed typecodes compare by value, exactly.
attempt("Q > d", lambda: A("Q", [2**64 - 1]) > A("d", [1e20]))
attempt("Q < d", lambda: A("Q", [2**64 - 1]) < A("d", [2.0**64]))
attempt("q == d", lambda: A("q", [2**53 + 1]) == A("d", [2.0**53]))
attempt("i == d", lambda: A("i", [1, 2]) == A("d", [1.0, 2.0]))
attempt("f == d", lambda: A("f", [1.5]) == A("d", [1.5]))
attempt("f != d", lambda: A("f", [0.1]) != A("d", [0.1]))


class Sub(A):
    pass


attempt("sub == base", lambda: Sub("b", [1]) == A("b", [1]))
attempt("base + sub", lambda: A("b", [1]) + Sub("b", [2]))

# Slot wrappers' argument messages
a = A("b", [1])
attempt("getitem()", lambda: a.__getitem__())
attempt("setitem(1)", lambda: a.__setitem__(1))
attempt("delitem(1, 2)", lambda: a.__delitem__(1, 2))
attempt("len(1)", lambda: a.__len__(1))
attempt("eq()", lambda: a.__eq__())
attempt("add()", lambda: a.__add__())
attempt("mul()", lambda: a.__mul__())
attempt("imul()", lambda: a.__imul__())
attempt("iter(1)", lambda: a.__iter__(1))
attempt("getitem(x=1)", lambda: a.__getitem__(x=1))
attempt("next(1)", lambda: iter(a).__next__(1))
attempt("setstate()", lambda: iter(a).__setstate__())
attempt("copy(1)", lambda: a.__copy__(1))
attempt("extend()", lambda: a.extend())
attempt("extend(1, 2)", lambda: a.extend(1, 2))
attempt("tofile()", lambda: a.tofile())
attempt("fromfile(1, 2, 3)", lambda: a.fromfile(1, 2, 3))
attempt("new(int)", lambda: A.__new__(int, "b"))
attempt("new(5)", lambda: A.__new__(5, "b"))
attempt("new(Sub)", lambda: A.__new__(Sub, "b"))

# Odd but valid
print(A("b", [1, 2]) * True, A("q", [True]), A("b", b"").tolist(), bool(A("b")), str(A("b", [1])))
print(repr(A("d", [float("nan"), -0.0, 1e16, 1.5e-7])), f"{A('b', [1])!r:>20}|")
print(A("b", range(3)).__reduce_ex__(0), A("b").__reduce_ex__(-1), A("b", [1]).__reduce_ex__(True))
x = A("h", [1])
x.extend(A("h", [2, 3]))
x += A("h")
x.extend(v for v in [4])
del x[:1]
x.append(5)
print(x, x.__iadd__(A("h")) is x, [A("b", [1, 2]) * n for n in (0, 1, 2)])
