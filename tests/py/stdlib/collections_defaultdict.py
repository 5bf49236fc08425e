# _collections.defaultdict, _count_elements and _tuplegetter.
from _collections import defaultdict, _count_elements, _tuplegetter


def attempt(label, f):
    try:
        r = f()
        print(label, "->", repr(r))
    except Exception as e:
        print(label, "!!", type(e).__name__, e)


d = defaultdict(list)
d["a"].append(1)
d["a"].append(2)
d["b"]
print(d, len(d), d.default_factory)
print(isinstance(d, dict), issubclass(defaultdict, dict), type(d).__name__, defaultdict.__module__)
print(d == {"a": [1, 2], "b": []}, dict(d))

counts = defaultdict(int)
for ch in "mississippi":
    counts[ch] += 1
print(sorted(counts.items()))
print("z" in counts, counts.get("z"), "z" in counts)

# No factory: KeyError with the key
n = defaultdict()
print(n, n.default_factory)
attempt("missing key", lambda: n["k"])
try:
    n[(1, 2)]
except KeyError as e:
    print("KeyError args", e.args)
n2 = defaultdict(None, {1: 2}, x=3)
print(n2)

# dict constructor arguments pass through
print(defaultdict(int, [("a", 1)], b=2))
print(defaultdict(list, a=1))
attempt("not callable", lambda: defaultdict(1))
attempt("too many", lambda: defaultdict(None, {}, {}))

# default_factory is writable
d = defaultdict(int)
d.default_factory = lambda: "new"
print(d["q"], dict(d), d.default_factory.__name__)
d.default_factory = None
attempt("after None", lambda: d["r"])

# __missing__ directly
d = defaultdict(list)
print(d.__missing__("m"), d)
attempt("missing no factory", lambda: defaultdict().__missing__(5))

# copy, __copy__, __reduce__
d = defaultdict(set, {"x": {1}})
c = d.copy()
c["y"].add(2)
print(d, c, type(c).__name__)
print(d.__copy__())
r = d.__reduce__()
print(r[0].__name__, r[1], r[2], r[3], list(r[4]))
print(defaultdict().__reduce__()[1])

# | and |=
d = defaultdict(int, {"a": 1})
print(d | {"b": 2}, {"b": 2, "a": 0} | d)
print(type(d | {}).__name__, type({} | d).__name__, (d | {}).default_factory)
d |= {"c": 3}
print(d)
d |= [("e", 5)]
print(d)
attempt("or list", lambda: d | [1])

# repr: recursion through the factory and the values
d = defaultdict(list)
d["self"] = d
print(d)


class F:
    def __init__(self):
        self.d = None

    def __call__(self):
        return 0

    def __repr__(self):
        return "F(%r)" % (self.d,)


f = F()
d = defaultdict(f)
f.d = d
print(d)

# subclasses
class Tree(defaultdict):
    def __init__(self):
        super().__init__(Tree)

    def __repr__(self):
        return "Tree(%s)" % dict.__repr__(self)


t = Tree()
t["a"]["b"]["c"] = 1
print(t)


class Named(defaultdict):
    pass


nd = Named(int)
nd["x"] += 2
print(nd, nd.copy(), type(nd.copy()).__name__)
nd.extra = 1
print(nd.extra)
print(defaultdict[str, int])

# dict methods work on defaultdicts
d = defaultdict(int, a=1, b=2)
d.update(c=3)
print(d.pop("a"), d.setdefault("z", 26), sorted(d), d.get("nope"), list(d.keys()))
print(defaultdict.fromkeys("ab", 0))

# _count_elements
c = {}
_count_elements(c, "abracadabra")
print(c)
_count_elements(c, ["a", "z"])
print(c)


class Loud(dict):
    def __setitem__(self, k, v):
        print("set", k, v)
        super().__setitem__(k, v)


_count_elements(Loud(), "aba")


class Mapping:
    def __init__(self):
        self.data = {}

    def get(self, k, default):
        return self.data.get(k, default)

    def __setitem__(self, k, v):
        self.data[k] = v


m = Mapping()
_count_elements(m, [1, 2, 1])
print(m.data)
dd = defaultdict(int)
_count_elements(dd, "xyx")
print(dd)
attempt("count one arg", lambda: _count_elements({}))
attempt("count not iterable", lambda: _count_elements({}, 5))
attempt("count unhashable", lambda: _count_elements({}, [[1]]))

# _tuplegetter
class Point(tuple):
    x = _tuplegetter(0, "The x")
    y = _tuplegetter(1, "The y")


p = Point((3, 4))
print(p.x, p.y, Point.x, Point.x.__doc__, type(Point.__dict__["y"]).__name__)
attempt("set attr", lambda: setattr(p, "x", 1))


def delx():
    del p.x


attempt("del attr", delx)
g = _tuplegetter(5, None)
print(g, g.__reduce__())
attempt("out of range", lambda: g.__get__((1, 2)))
attempt("not tuple", lambda: g.__get__([1]))
print(g.__get__(None, Point) is g)
attempt("no args", lambda: _tuplegetter(0))
attempt("3 args", lambda: _tuplegetter(0, "d", 1))
attempt("bad index", lambda: _tuplegetter("a", "d"))
g.__doc__ = "changed"
print(g.__doc__)

# default_factory is a member over the native slot
print(type(defaultdict.__dict__["default_factory"]).__name__)
d = defaultdict(int)
d.__init__(list)
print(d.default_factory, d["k"])
attempt("unbound copy", lambda: defaultdict.copy({}))


# A namedtuple-shaped class over _tuplegetter
class NT(tuple):
    __slots__ = ()
    x = _tuplegetter(0, "Alias for field number 0")
    y = _tuplegetter(1, "Alias for field number 1")

    def __new__(cls, x, y):
        return tuple.__new__(cls, (x, y))

    def __repr__(self):
        return "NT(x=%r, y=%r)" % self


p = NT(1, 2)
print(p, p.x, p.y, NT.x.__doc__, p[0], p == (1, 2), hash(p) == hash((1, 2)))
attempt("set field", lambda: setattr(p, "x", 5))
attempt("set other", lambda: setattr(p, "z", 5))
print(NT.__dict__["x"].__get__(p, NT), NT.__dict__["x"].__get__(None, NT) is NT.__dict__["x"])
attempt("negative index", lambda: _tuplegetter(-1, None).__get__((1, 2)))
attempt("big index", lambda: _tuplegetter(2**62, None))
attempt("huge index", lambda: _tuplegetter(2**70, None))
attempt("keywords", lambda: _tuplegetter(index=1, doc=None))
attempt("subclass", lambda: type("Sub", (_tuplegetter,), {}))

# More defaultdict corners
attempt("from defaultdict", lambda: defaultdict(int, defaultdict(list, a=[1])))
attempt("bad update", lambda: defaultdict(int, 5))
attempt("bare new", lambda: defaultdict.__new__(defaultdict))
attempt("bare new factory", lambda: defaultdict.__new__(defaultdict).default_factory)
attempt("or int", lambda: defaultdict(int).__or__(5))
attempt("ror dict", lambda: defaultdict(int).__ror__({1: 2}))
attempt("reduce none", lambda: defaultdict(None).__reduce__()[:4])


class X(defaultdict):
    def __init__(self):
        super().__init__(list)


attempt("subclass or", lambda: X() | {})
attempt("subclass copy", lambda: X().copy())


class Weird(dict):
    def get(self, k, d=None):
        return 10


w = Weird()
_count_elements(w, "aa")
print(w)
attempt("count into int", lambda: _count_elements(5, "a"))
attempt("count str values", lambda: _count_elements({"a": "x"}, "a"))
attempt("count kw", lambda: _count_elements({}, "a", z=1))
d = defaultdict(int)
d.default_factory = d
print(d)
attempt("self factory", lambda: d[1])
