# Unpacking and the BUILD_* / *_EXTEND / DICT_MERGE opcodes.
def check(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)

a, b = 1, 2
c, d = [3, 4]
e, f = "xy"
g, (h, i) = 5, (6, 7)
print(a, b, c, d, e, f, g, h, i)
first, *rest = range(5)
*init, last = [1, 2, 3]
x, *mid, y = "abcde"
p, *q = (1,)
print(first, rest, init, last, x, mid, y, p, q)
a, *b, c, d = range(6)
print(a, b, c, d)
for k, v in {"a": 1, "b": 2}.items():
    print(k, v)
def u(v, n):
    if n == 2:
        a, b = v
        return a, b
    if n == 3:
        a, b, c = v
        return a, b, c
    a, *b, c = v
    return a, b, c
check(lambda: u(1, 2))
check(lambda: u([1], 2))
check(lambda: u([1, 2, 3], 2))
check(lambda: u((1, 2, 3, 4), 3))
check(lambda: u("ab", 3))
check(lambda: u(iter([1, 2, 3]), 2))
check(lambda: u([1], 0))
check(lambda: u(5, 0))
check(lambda: u({1: 0, 2: 0}, 2))
check(lambda: u(None, 3))
print([*range(3), *"ab", *(1,)], (*[1, 2], 3), {*[1, 2], *(2, 3)}, {**{"a": 1}, "b": 2, **{"a": 3}})
check(lambda: [*1])
check(lambda: (*None,))
check(lambda: {**[1]})
check(lambda: {**{"a": 1}, **5})
def kw(**k):
    return k
def args(*a, **k):
    return a, k
print(kw(**{"a": 1}, b=2), kw(**{"a": 1}, **{"b": 2}), args(*[1, 2], *(3,), x=1, **{"y": 2}))
check(lambda: kw(**{"a": 1}, **{"a": 2}))
check(lambda: kw(a=1, **{"a": 2}))
check(lambda: kw(**1))
check(lambda: print(**{"sep": 1}, **{"sep": 2}))
class M:
    def keys(self):
        return ["m", "n"]
    def __getitem__(self, k):
        return k.upper()
print(kw(**M()), {**M()}, dict(M()))
print({1: 2, **{3: 4}}, [1, *[], 2], {"k": v for v in range(2)}, {v for v in "aab"}, [v for v in (1, 2)])
n = 3
print(f"{n}", f"{n!r}", f"{'s'!r}", f"{'é'!a}", f"{'x':>4}|", f"{'abc':.2}", f"{n}{n}", f"a{'b'}c{{d}}")
w = 6
print(f"{'x':{w}}|", f"{'y':^{w}}|", f"{[1, 'a']!s}", f"{(1,)}", f"{None}", f"{True!r}")
class Fmt:
    def __format__(self, spec):
        return "<" + spec + ">"
    def __repr__(self):
        return "Fmt()"
print(f"{Fmt()}", f"{Fmt():abc}", f"{Fmt()!r}", format(Fmt(), "z"), "{0:q}".format(Fmt()))
class BadFmt:
    def __format__(self, spec):
        return 42
check(lambda: f"{BadFmt()}")
check(lambda: format(BadFmt(), ""))
