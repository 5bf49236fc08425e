# Calling classes whose metaclass overrides __call__; the metaclass winner in type().
class Counting(type):
    calls = 0

    def __call__(cls, *args, **kwargs):
        Counting.calls += 1
        print("Counting.__call__", cls.__name__, args, kwargs)
        return super().__call__(*args, **kwargs)


class A(metaclass=Counting):
    def __init__(self, x=0, *, y=1):
        self.x, self.y = x, y


a = A(3, y=4)
print(a.x, a.y, Counting.calls)
f = A
print(f().x, list(map(A, [7, 8]))[1].x, Counting.calls)


class Sub(A):
    pass


print(type(Sub(9)).__name__, Counting.calls)


class NoInstances(type):
    def __call__(cls, *args):
        return "no instance for " + cls.__name__


class B(metaclass=NoInstances):
    pass


print(B(), B(1, 2), type.__call__(B).__class__.__name__)


class Winner(type):
    def __new__(mcls, name, bases, ns, **kw):
        print("Winner.__new__", mcls.__name__, name, kw)
        return super().__new__(mcls, name, bases, ns)


class W(metaclass=Winner):
    pass


Made = type("Made", (W,), {})
print(type(Made).__name__)


class M1(type):
    pass


class M2(type):
    pass


class P1(metaclass=M1):
    pass


class P2(metaclass=M2):
    pass


for bases in ((P1, P2), (5,), ("s", object)):
    try:
        type("X", bases, {})
    except TypeError as e:
        print("TypeError:", e)
try:

    class C(P1, P2):
        pass

except TypeError as e:
    print("TypeError:", e)
