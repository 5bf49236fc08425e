# __repr__, __str__, __format__ and reprs of classes, functions and builtins.
class Both:
    def __repr__(self):
        return "Both()"

    def __str__(self):
        return "a Both instance"


class ReprOnly:
    def __repr__(self):
        return "ReprOnly<1>"


class StrOnly:
    def __str__(self):
        return "only str"


b = Both()
print(b, repr(b), str(b), [b], (b,), {"k": b}, "%s %r" % (b, b), f"{b} {b!r}")
r = ReprOnly()
print(r, str(r), [r], f"{r}", format(r), "{}".format(r))
s = StrOnly()
print(s, "%s" % s, str([1]) == repr([1]))


class Outer:
    class Inner:
        def method(self):
            pass

    def f(self):
        class Local:
            pass
        return Local


print(Outer, Outer.Inner, Outer.Inner.__qualname__, Outer().f().__qualname__, Outer.Inner.method.__qualname__)
print(int, str, type, object, type(None), type(Ellipsis), type(NotImplemented), BaseException)
print(None, ..., Ellipsis, NotImplemented, repr(None))
print(len, print, repr(abs), max)
print([].append.__name__, "x".upper.__qualname__, int.__add__.__name__)


def fn():
    pass


print(fn.__name__, fn.__qualname__, (lambda: 0).__name__, Outer.f.__qualname__)
print(repr("it's"), repr('say "hi"'), repr("\\"), repr("\x1b"), repr("\u2028"), repr("ok\u00ff"))
print(repr(1.0), repr(-0.0), repr(1e-10), repr(12345678912345.0), repr(True), repr(b"\x80"))
print(repr([1, "two", 3.0, None, True, (4,), {5}, {"six": 6}, b"7", 8j]))
print(str(Both()), str(ReprOnly()), repr(StrOnly()).startswith("<__main__.StrOnly object at 0x"))


class WithFormat:
    def __format__(self, spec):
        return "formatted(%s)" % spec


print(f"{WithFormat():abc}", format(WithFormat(), ""), "{:xyz}".format(WithFormat()))


class BadRepr:
    def __repr__(self):
        return 42


try:
    repr(BadRepr())
except TypeError as e:
    print("TypeError:", e)


class ReprRaises:
    def __repr__(self):
        raise ValueError("repr failed")


try:
    print([ReprRaises()])
except ValueError as e:
    print("ValueError:", e)


class Sub(Both):
    pass


print(Sub(), repr(Sub()), type(Sub()).__name__)
print(repr(range(3)), repr(slice(1, 2)), repr(frozenset()), repr(set()), repr({}), repr(()), repr(()), repr(""))
print(repr(object).startswith("<class"), str(type(len)), repr(type(fn)), type(Outer.f), type(Outer().f))
