# Subclasses of the builtin containers: construction, overridden hooks, repr.
class L(list):
    def __init__(self, *args):
        super().__init__(*args)
        self.tag = "L"
    def total(self):
        return sum(self)
l = L([3, 1, 2])
l.append(4)
l.sort()
print(l, l.tag, l.total(), len(l), l[0], l[1:], type(l[1:]).__name__, type(l + [5]).__name__, isinstance(l, list))
print(l == [1, 2, 3, 4], [1, 2, 3, 4] == l, list(l), L(), L("ab"), repr(L()))
class T(tuple):
    def first(self):
        return self[0]
t = T([5, 6])
print(t, t.first(), len(t), t + (7,), type(t + (7,)).__name__, hash(t) == hash((5, 6)), t == (5, 6), T())
class Point(tuple):
    def __new__(cls, x, y):
        return super().__new__(cls, (x, y))
    @property
    def x(self):
        return self[0]
p = Point(1, 2)
print(p, p.x, p[1], type(p).__name__)
class D(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k, v * 10)
d = D()
d["a"] = 1
d.update(b=2)
print(d, len(d), d["a"], D.fromkeys("xy", 1), type(D.fromkeys("x", 2)).__name__, type(d.copy()).__name__)
class Ordered(dict):
    def __repr__(self):
        return "Ordered(" + dict.__repr__(self) + ")"
print(Ordered(z=1, a=2), Ordered([(1, 2)]) == {1: 2})
class S(set):
    def __init__(self, it=(), extra=None):
        set.__init__(self, it)
        self.extra = extra
s = S([3, 1], extra="e")
s.add(2)
print(s, s.extra, len(s), 2 in s, sorted(s), type(s | {9}).__name__, type(s.copy()).__name__)
class FS(frozenset):
    pass
fs = FS([1, 2])
print(fs, hash(fs) == hash(frozenset({1, 2})), fs | {3}, type(fs & {1}).__name__)
class U(str):
    def __new__(cls, v):
        return super().__new__(cls, v.upper())
u = U("abc")
print(u, len(u), u.lower(), type(u).__name__, u == "ABC", u + "d", "%s" % u)
class I(list):
    def __iter__(self):
        return iter([99])
print(list(I([1, 2])), [*I([1, 2])], I([1]) == [1], len(I([1, 2])))
class G(list):
    def __getitem__(self, i):
        return "item%d" % i
g = G([1, 2, 3])
print(g[0], g[5], list(g), [x for x in g])
class DD(dict):
    def keys(self):
        return ["only"]
    def __getitem__(self, k):
        return "v"
print(dict(**{"a": 1}), {**DD(only=1, other=2)}, dict(DD(x=1)))
