# Attribute sites that see several layouts, and namespaces that change under the caches.

class A:
    def __init__(self):
        self.x = 1
    def who(self):
        return "A"

class B(A):
    def __init__(self):
        self.y = 0
        self.x = 2

class C(A):
    def who(self):
        return "C"

class D:
    x = "class attr D"
    def who(self):
        return "D"

class E(A):
    pass

def read(objs):
    return [o.x for o in objs]

def call(objs):
    return [o.who() for o in objs]

def write(objs, v):
    for o in objs:
        o.x = v

objs = [A(), B(), C(), D(), E(), A(), B()]
for _ in range(3):
    print(read(objs), call(objs))
write(objs, 7)
print(read(objs))

# A method replaced on the base reaches every subclass site.
A.who = lambda self: "patched A"
print(call(objs))
# A data descriptor added later shadows the instance attribute.
A.x = property(lambda self: "prop")
print(read(objs))
del A.x
print(read(objs))
# __getattr__ and __getattribute__ added after the sites were cached.
def ga(self, name):
    return "missing " + name
A.__getattr__ = ga
print([getattr(o, "nope", None) for o in objs])
A.__getattribute__ = lambda self, name: "always " + name
print(read(objs))
del A.__getattribute__
print(read(objs))
# An instance attribute shadowing a method at a cached LOAD_METHOD site.
a = A()
print(call([a]))
a.who = lambda: "instance who"
print(call([a]))
# __class__ assignment moves an instance to another type's layouts.
b = B()
b.__class__ = C
print(call([b]), read([b]))
# Many layouts through one site (megamorphic).
class M:
    pass
ms = []
for i in range(10):
    m = M()
    for j in range(i):
        setattr(m, "a%d" % j, j)
    m.x = i
    ms.append(m)
print(read(ms))
write(ms, "w")
print(read(ms))
# Deleting an instance attribute changes the layout under a cached store.
class P:
    def __init__(self):
        self.a = 1
        self.b = 2
ps = [P() for _ in range(3)]
del ps[1].a
for p in ps:
    p.b = 5
print([(getattr(p, "a", None), p.b) for p in ps])
# __slots__ members and set-only descriptors at the same site.
class S:
    __slots__ = ("x",)
    def __init__(self):
        self.x = "slot"
print(read([S(), A(), S()]))
# Class attributes read through class objects, while the classes change.
class K:
    LIMIT = 10
    def m(self):
        return "m"
class K2(K):
    pass
def limits(classes):
    return [c.LIMIT for c in classes]
print(limits([K, K2, K, K2]))
K.LIMIT = 20
print(limits([K, K2]))
K2.LIMIT = 30
print(limits([K, K2]))
del K2.LIMIT
print(limits([K, K2]))
K.LIMIT = property(lambda self: "p")
print(type(limits([K])[0]).__name__)
class Meta(type):
    LIMIT = "from meta"
class KM(metaclass=Meta):
    pass
print([x if isinstance(x, str) else type(x).__name__ for x in limits([KM, K2, KM])])
def reads(objs):
    return [o.LIMIT for o in objs]
K.LIMIT = 5
print(reads([K, K(), K2, K2(), K]))
print([c.m for c in (K, K2)][0] is K.m)
# __slots__ members through cached sites: empty slots, deletion, subclasses.
class Sl:
    __slots__ = ("a", "b")
    def __init__(self, a):
        self.a = a
class Sl2(Sl):
    __slots__ = ("c",)
def get_a(objs):
    out = []
    for o in objs:
        try:
            out.append(o.a)
        except AttributeError as e:
            out.append("AttributeError: " + str(e))
    return out
def set_b(objs, v):
    for o in objs:
        o.b = v
s1, s2 = Sl(1), Sl2(2)
for _ in range(3):
    print(get_a([s1, s2]))
del s1.a
print(get_a([s1, s2]))
s1.a = "back"
set_b([s1, s2], "bee")
print(get_a([s1, s2]), s1.b, s2.b)
class Sl3(Sl):
    a = property(lambda self: "prop wins")
    def __init__(self, a):
        pass
print(get_a([s1, Sl3(3), s2]))
# Methods called through classes and super().
class St:
    @staticmethod
    def smeth(x):
        return ("static", x)
    @classmethod
    def cmeth(cls, x):
        return ("class", cls.__name__, x)
    def imeth(self, x):
        return ("plain", x)
    def __init__(self, tag):
        self.tag = tag
class St2(St):
    def __init__(self, tag):
        super().__init__(tag + "!")
    def imeth(self, x):
        return ("St2", super().imeth(x), super().smeth(x), super().cmeth(x))
def calls(classes):
    out = []
    for c in classes:
        out.append(c.smeth(1))
        out.append(c.cmeth(2))
        out.append(c.imeth(c("i"), 3))
    return out
for _ in range(2):
    print(calls([St, St2, St]))
St.smeth = staticmethod(lambda x: ("replaced", x))
print(calls([St2]))
print(St2("t").tag, St2("u").imeth(4))
class NoInit(St2):
    pass
print(NoInit("n").tag, super(St2, NoInit("m")).imeth(5))
