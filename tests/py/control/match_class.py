# Class patterns: __match_args__, self-matching builtins, keyword sub-patterns, and the
# errors CPython raises at match time.


class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class Point3(Point):
    __match_args__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        Point.__init__(self, x, y)
        self.z = z


class NoArgs:
    pass


class Lazy:
    __match_args__ = ("computed",)

    @property
    def computed(self):
        print("  computing")
        return 42


def where(p):
    match p:
        case Point3(0, 0, 0):
            return "3d origin"
        case Point3(x, y, z=zz) if zz > 0:
            return "3d above %r %r %r" % (x, y, zz)
        case Point(0, 0):
            return "origin"
        case Point(x, 0) | Point(0, x):
            return "on an axis at %r" % x
        case Point(x=x, y=y) if x == y:
            return "diagonal %r" % x
        case Point():
            return "some point"
        case NoArgs():
            return "noargs instance"
        case Lazy(42):
            return "lazy matched"
        case _:
            return "not a point"


for p in [Point(0, 0), Point(3, 0), Point(0, 4), Point(2, 2), Point(1, 2), Point3(0, 0, 0),
          Point3(1, 2, 3), Point3(1, 2, -3), NoArgs(), Lazy(), 5]:
    print(where(p))


def builtins_self(v):
    match v:
        case bool(b):
            return "bool %r" % b
        case int(i):
            return "int %r" % i
        case float(f):
            return "float %r" % f
        case str(s):
            return "str %r" % s
        case bytes(b) | bytearray(b):
            return "bytes-like %r" % (b,)
        case list(l) | tuple(l):
            return "sequence %r" % (l,)
        case dict(d):
            return "dict %r" % d
        case set(s) | frozenset(s):
            return "set-like %r" % sorted(s)
        case _:
            return "other %r" % (v,)


class MyInt(int):
    pass


class MyIntArgs(int):
    __match_args__ = ("real", "imag")


for v in [True, 3, 2.5, "s", b"b", bytearray(b"ba"), [1], (2,), {"k": 1}, {3, 1}, frozenset({2}),
          None, MyInt(7)]:
    print(builtins_self(v))
match MyIntArgs(9):
    case MyIntArgs(r, i):
        print("int subclass with __match_args__:", r, i)
match 3.0:
    case float(real=r, imag=i):
        print("keyword attrs of float:", r, i)
match "text":
    case str(upper=u):
        print("bound method attr:", u.__name__)


def attempt(label, fn):
    try:
        print(label, fn())
    except (TypeError, ValueError) as e:
        print(label, type(e).__name__ + ":", e)


def too_many_positional():
    match Point(1, 2):
        case Point(a, b, c):
            return "matched"


def self_two():
    match 5:
        case int(a, b):
            return a, b


def no_match_args():
    match NoArgs():
        case NoArgs(a):
            return a


def not_a_type():
    f = len
    match 1:
        case f():
            return "?"


class BadArgs:
    __match_args__ = ["x"]


def bad_match_args():
    match BadArgs():
        case BadArgs(a):
            return a


class BadName:
    __match_args__ = (1,)


def bad_name():
    match BadName():
        case BadName(a):
            return a


class Dup:
    __match_args__ = ("x",)
    x = 1


def duplicate():
    match Dup():
        case Dup(a, x=b):
            return a, b


def missing_attr():
    match Point(1, 2):
        case Point(z=z):
            return z
        case _:
            return "missing attribute is a mismatch"


def isinstance_hook():
    class Meta(type):
        def __instancecheck__(cls, obj):
            return obj == "anything"

    class Any(metaclass=Meta):
        pass

    match "anything":
        case Any():
            return "instancecheck used"


for label, fn in [("too many:", too_many_positional), ("self two:", self_two),
                  ("no match args:", no_match_args), ("not a type:", not_a_type),
                  ("list match args:", bad_match_args), ("non-str name:", bad_name),
                  ("duplicate:", duplicate), ("missing:", missing_attr),
                  ("hook:", isinstance_hook)]:
    attempt(label, fn)
