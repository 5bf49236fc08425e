# Descriptors, property, classmethod, staticmethod.
class Celsius:
    def __init__(self, degrees=0.0):
        self._c = degrees

    @property
    def celsius(self):
        return self._c

    @celsius.setter
    def celsius(self, v):
        if v < -273.15:
            raise ValueError("below absolute zero")
        self._c = v

    @celsius.deleter
    def celsius(self):
        print("deleting celsius")
        self._c = None

    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32


t = Celsius(100)
print(t.celsius, t.fahrenheit)
t.celsius = 0
print(t.celsius, t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
try:
    t.fahrenheit = 5
except AttributeError as e:
    print("AttributeError:", e)
del t.celsius
print(t.celsius, type(Celsius.celsius).__name__, Celsius.celsius.fget.__name__)


class Typed:
    def __init__(self, kind):
        self.kind = kind

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner):
        if obj is None:
            return "descriptor on " + owner.__name__
        return obj.__dict__.get(self.name, "missing")

    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError("%s must be %s" % (self.name, self.kind.__name__))
        obj.__dict__[self.name] = value

    def __delete__(self, obj):
        obj.__dict__.pop(self.name, None)


class NonData:
    def __get__(self, obj, owner):
        return "non-data value"


class Person:
    age = Typed(int)
    name = Typed(str)
    nd = NonData()


p = Person()
p.age = 30
p.name = "ann"
print(p.age, p.name, Person.age)
try:
    p.age = "old"
except TypeError as e:
    print("TypeError:", e)
p.__dict__["age"] = "shadow attempt"
print(p.age)
print(p.nd)
p.__dict__["nd"] = "instance wins over non-data"
print(p.nd)
del p.age
print(p.age)


class Counter:
    instances = 0

    def __init__(self):
        Counter.instances += 1

    @classmethod
    def how_many(cls):
        return "%s: %d" % (cls.__name__, cls.instances)

    @staticmethod
    def helper(a, b):
        return a + b


class SubCounter(Counter):
    pass


Counter()
SubCounter()
print(Counter.how_many(), SubCounter.how_many(), Counter().how_many())
print(Counter.helper(2, 3), Counter().helper(4, 5), type(Counter.__dict__["helper"]).__name__)
print(type(Counter.__dict__["how_many"]).__name__, Counter.how_many.__self__ is Counter)


class Lazy:
    def __init__(self, fn):
        self.fn = fn
        self.name = fn.__name__

    def __get__(self, obj, owner):
        if obj is None:
            return self
        value = self.fn(obj)
        obj.__dict__[self.name] = value
        return value


class Data:
    calls = 0

    @Lazy
    def expensive(self):
        Data.calls += 1
        return sum(range(100))


dd = Data()
print(dd.expensive, dd.expensive, Data.calls)


class Method:
    def m(self):
        return self


obj = Method()
bound = obj.m
print(bound() is obj, bound.__self__ is obj, bound.__func__ is Method.m, Method.m(obj) is obj)
print(Method.__dict__["m"].__get__(obj, Method)() is obj)
prop = property(lambda self: "from lambda property")
Method.p = prop
print(obj.p)
