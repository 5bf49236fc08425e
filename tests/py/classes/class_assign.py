# __class__ assignment, dynamic classes, class vs instance attributes.
class A:
    def who(self):
        return "A"


class B:
    def who(self):
        return "B"


obj = A()
obj.data = 1
print(obj.who(), type(obj).__name__)
obj.__class__ = B
print(obj.who(), type(obj).__name__, isinstance(obj, B), isinstance(obj, A), obj.data)
try:
    obj.__class__ = int
except TypeError as e:
    print("TypeError:", e)


class Shared:
    items = []
    count = 0

    def add(self, x):
        self.items.append(x)
        self.count += 1


s1, s2 = Shared(), Shared()
s1.add(1)
s2.add(2)
print(Shared.items, s1.count, s2.count, Shared.count, vars(s1))


def method(self):
    return "patched " + type(self).__name__


A.patched = method
print(A().patched(), obj.__class__.__name__)
A.who = lambda self: "A (replaced)"
print(A().who())
Point = type("Point", (), {"__init__": lambda self, x, y: setattr(self, "xy", (x, y)), "dims": 2})
p = Point(3, 4)
print(p.xy, Point.dims, Point.__name__, type(p).__name__)
Point.__name__ = "Renamed"
print(Point.__name__, Point.__qualname__)


class State:
    def __init__(self):
        self.__class__ = Idle

    def handle(self):
        return "base"


class Idle(State):
    def handle(self):
        self.__class__ = Running
        return "idle -> running"


class Running(State):
    def handle(self):
        self.__class__ = Idle
        return "running -> idle"


m = State()
print(type(m).__name__, [m.handle() for _ in range(4)], type(m).__name__)


class Counter:
    pass


instances = []
for i in range(100):
    c = Counter()
    for j in range(i % 10):
        setattr(c, "f%d" % j, j)
    instances.append(c)
print(sum(len(vars(c)) for c in instances))
for c in instances[::3]:
    for name in list(vars(c)):
        delattr(c, name)
print(sum(len(vars(c)) for c in instances))
Counter.shared = "everyone"
print(instances[5].shared, getattr(instances[7], "f3", None))
print(type(type(p)), type(A) is type, A.__class__, A().__class__.__class__)
E = type("E", (ValueError,), {})
try:
    raise E("dynamic exception")
except ValueError as e:
    print(type(e).__name__, e, E.__mro__[1].__name__)
