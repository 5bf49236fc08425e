# dir(), vars(), locals() and globals(), with the errors they raise.
import sys


class Base:
    shared = 1

    def method(self):
        return 2


class Child(Base):
    def __init__(self):
        self.own = 3


c = Child()
print([n for n in dir(c) if not n.startswith("__")])
print([n for n in dir(Child) if not n.startswith("__")])
print("own" in dir(c), "own" in dir(Child), "__init__" in dir(c))
print(dir(c) == sorted(dir(c)))
print(vars(c), type(vars(Child)).__name__)
print([n for n in dir(sys) if n in ("path", "argv", "modules")])


class Slotted:
    __slots__ = ("a",)


try:
    vars(Slotted())
except TypeError as e:
    print("TypeError:", e)
try:
    vars(5)
except TypeError as e:
    print("TypeError:", e)


def func(a, b=2, *rest, **kw):
    inner = a + b
    names = sorted(locals())
    return names, sorted(dir())


print(func(1))


def closure():
    captured = "c"

    def inner():
        local = captured
        return sorted(locals().items())

    return inner()


print(closure())
print("func" in globals(), globals() is vars(), sorted(k for k in locals() if k in ("c", "func")))
top = [n for n in dir() if not n.startswith("__")]
print(top)


class WithDir:
    def __dir__(self):
        return ["zeta", "alpha", "mid"]


print(dir(WithDir()))


class BadDir:
    def __dir__(self):
        return 5


try:
    dir(BadDir())
except TypeError as e:
    print("TypeError:", e)
print(sorted(iter(lambda it=iter([3, 1, 2, 0, 9]): next(it), 0)))
print(next(iter([]), "default"), round(2.675, 2), round(7), round(-0.5), divmod(-7, 2), divmod(7.5, 2))
print(min("bca"), max([3, 1, 2], key=lambda v: -v), min([], default=None), sorted("cab", reverse=True))
