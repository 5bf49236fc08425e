# Class calls run __init__ as an ordinary frame: its result, errors and tracebacks are
# those of type.__call__.

class P:
    def __init__(self, x, y=2, *, z=3):
        self.v = (x, y, z)

print(P(1).v, P(1, 5).v, P(1, z=9).v, P(y=7, x=0).v)

class Bad:
    def __init__(self):
        return 42
try:
    Bad()
except TypeError as e:
    print("TypeError:", e)

class Raises:
    def __init__(self, n):
        if n > 1:
            raise ValueError("too big: %d" % n)
        self.n = n
try:
    Raises(5)
except ValueError as e:
    tb = e.__traceback__
    lines = []
    while tb is not None:
        lines.append(tb.tb_frame.f_code.co_name if tb.tb_frame is not None else "?")
        tb = tb.tb_next
    print("ValueError:", e, len(lines))
print(Raises(1).n)

try:
    P()
except TypeError as e:
    print("TypeError:", e)

class WithNew:
    def __new__(cls, *a):
        print("new", cls.__name__, a)
        return super().__new__(cls)
    def __init__(self, *a):
        print("init", a)
WithNew(1, 2)

class NotInstance:
    def __new__(cls):
        return 17
    def __init__(self):
        print("never")
print(NotInstance())

class Meta(type):
    def __call__(cls, *a):
        print("Meta.__call__", a)
        return super().__call__(*a)
class M(metaclass=Meta):
    def __init__(self, a):
        self.a = a
print(M(4).a)

class Gen:
    def __init__(self):
        yield 1
try:
    Gen()
except TypeError as e:
    print("TypeError:", e)

def make(n):
    return [P(i) for i in range(n)]
print(len(make(1000)), make(3)[2].v)

class Deep:
    def __init__(self, n):
        self.child = Deep(n - 1) if n else None
d = Deep(50)
k = 0
while d is not None:
    d = d.child
    k += 1
print(k)
