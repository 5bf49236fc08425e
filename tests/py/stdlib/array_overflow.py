# array.array item conversion: the range of every integer typecode and CPython's exact
# OverflowError/TypeError messages at each limit (they come from different C converters),
# for the constructor, item assignment, append, insert and extend.
from array import array as A


def attempt(label, f):
    try:
        print(label, "->", repr(f()))
    except Exception as e:
        print(label, "!!", type(e).__name__, e)


limits = {
    "b": (-(2**7), 2**7 - 1),
    "B": (0, 2**8 - 1),
    "h": (-(2**15), 2**15 - 1),
    "H": (0, 2**16 - 1),
    "i": (-(2**31), 2**31 - 1),
    "I": (0, 2**32 - 1),
    "l": (-(2**63), 2**63 - 1),
    "L": (0, 2**64 - 1),
    "q": (-(2**63), 2**63 - 1),
    "Q": (0, 2**64 - 1),
}
for code, (lo, hi) in limits.items():
    print(code, A(code, [lo, hi]))
    attempt(f"{code} lo-1", lambda: A(code, [lo - 1]))
    attempt(f"{code} hi+1", lambda: A(code, [hi + 1]))
    attempt(f"{code} 2**40", lambda: A(code, [2**40]))
    attempt(f"{code} 2**70", lambda: A(code, [2**70]))
    attempt(f"{code} -2**70", lambda: A(code, [-(2**70)]))
    attempt(f"{code} float", lambda: A(code, [1.0]))
    attempt(f"{code} str", lambda: A(code, ["1"]))
    attempt(f"{code} None", lambda: A(code, [None]))

# The same checks on every mutating path; the array is unchanged after a failure.
a = A("b", [1, 2])
attempt("setitem", lambda: a.__setitem__(0, 128))
attempt("append", lambda: a.append(-129))
attempt("insert", lambda: a.insert(0, 1000))
attempt("fromlist", lambda: a.fromlist([3, 300]))
print(a)
attempt("extend keeps prefix", lambda: a.extend([3, 4, 500, 6]))
print(a)
attempt("iadd list", lambda: a.__iadd__([1]))


class BadIndex:
    def __index__(self):
        return "x"


attempt("__index__ non-int", lambda: A("i", [BadIndex()]))
attempt("float to f", lambda: A("f", [3.4e39, 1e-50]))
attempt("bool", lambda: A("B", [True, False]))
attempt("u surrogate pair", lambda: A("u", ["\U0010ffff"]))

# Values read back as the right Python types
for code in "bBhHiIlLqQfd":
    v = A(code, [1])[0]
    print(code, type(v).__name__, v)
print(type(A("u", "z")[0]).__name__)
