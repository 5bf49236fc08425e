# __slots__, instance __dict__, vars(), adding and deleting many attributes.
class P:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


p = P(1, 2)
print(p.x, p.y, hasattr(p, "__dict__"), P.__slots__, type(P.x).__name__)
try:
    p.z = 3
except AttributeError as e:
    print("AttributeError:", e)
del p.x
try:
    p.x
except AttributeError as e:
    print("AttributeError:", e)
p.x = 10
print(p.x)


class Q(P):
    pass


q = Q(3, 4)
q.extra = "sub without slots gets a dict"
print(q.x, q.extra, vars(q))


class R(P):
    __slots__ = ("z",)


r = R(1, 2)
r.z = 3
print(r.x, r.z, hasattr(r, "__dict__"))


class WithDict:
    __slots__ = ("a", "__dict__")


w = WithDict()
w.a = 1
w.b = 2
print(w.a, vars(w))


class Plain:
    cls_attr = "on class"


o = Plain()
print(vars(o), o.__dict__, o.cls_attr, "cls_attr" in vars(o))
o.a = 1
o.b = 2
o.__dict__["c"] = 3
print(vars(o), o.c)
for i in range(200):
    setattr(o, "attr%d" % i, i * i)
print(len(vars(o)), o.attr199, getattr(o, "attr50"), getattr(o, "missing", "default"))
for i in range(0, 200, 2):
    delattr(o, "attr%d" % i)
print(len(vars(o)), hasattr(o, "attr2"), hasattr(o, "attr3"), list(vars(o))[:6])
for i in range(0, 200, 2):
    setattr(o, "attr%d" % i, -i)
print(len(vars(o)), list(vars(o))[-3:], o.attr4)
o.__dict__.clear()
print(vars(o), o.cls_attr)
o.__dict__ = {"replaced": True}
print(o.replaced, vars(o))
objs = [Plain() for _ in range(50)]
for n, ob in enumerate(objs):
    ob.n = n
    if n % 2:
        ob.odd = True
print(sum(ob.n for ob in objs), sum(1 for ob in objs if hasattr(ob, "odd")))
try:
    del o.nothing
except AttributeError as e:
    print("AttributeError:", e)
print(sorted(k for k in Plain.__dict__ if not k.startswith("__")), type(Plain.__dict__).__name__)
try:
    Plain.__dict__["x"] = 1
except TypeError as e:
    print("TypeError:", e)
setattr(Plain, "added", "class attr added later")
print(o.added, Plain.added)
delattr(Plain, "added")
print(hasattr(o, "added"))
try:
    vars(5)
except TypeError as e:
    print("TypeError:", e)
