# cls.__dict__ (mappingproxy), module __dict__, assigning and deleting obj.__dict__.
import math


class Base:
    """doc"""
    x = 1

    def method(self):
        return 2


mp = Base.__dict__
print(type(mp).__name__, mp["x"], "method" in mp, "nope" in mp, len(mp) == len(dict(mp)))
print(sorted(k for k in mp if not k.startswith("__")), mp.get("x"), mp.get("nope", "dflt"))
print(sorted(k for k in mp.keys() if not k.startswith("__")), type(mp.copy()).__name__)
print([v for k, v in mp.items() if k == "x"], 1 in list(mp.values()))
try:
    mp["nope"]
except KeyError as e:
    print("KeyError:", e)
for action in (lambda: mp.__setitem__("y", 2), lambda: mp.__delitem__("x")):
    try:
        action()
    except AttributeError as e:
        print("AttributeError:", e)
try:
    mp["y"] = 2
except TypeError as e:
    print("TypeError:", e)
try:
    del mp["x"]
except TypeError as e:
    print("TypeError:", e)
try:
    hash(mp)
except TypeError as e:
    print("TypeError:", e)
MP = type(mp)
p = MP({"b": 2, "a": 1})
print(p, repr(p), str(p), list(reversed(p)), p == {"a": 1, "b": 2}, p != {"a": 1})
print(p | {"c": 3}, {"z": 0} | p, p | MP({"d": 4}))
try:
    p |= {"c": 3}
except TypeError as e:
    print("TypeError:", e)
for bad in (5, [1, 2], (1,)):
    try:
        MP(bad)
    except TypeError as e:
        print("TypeError:", e)
print(MP(mapping={"k": "v"})["k"])

print(type(math.__dict__).__name__, math.__dict__["sqrt"] is math.sqrt, vars(math) is math.__dict__)
try:
    math.__dict__ = {}
except AttributeError as e:
    print("AttributeError:", e)


class Plain:
    pass


o = Plain()
o.a = 1
o.__dict__ = {"b": 2}
print(vars(o), hasattr(o, "a"), o.b)
o.c = 3
print(o.__dict__)
del o.__dict__
print(vars(o), hasattr(o, "b"))
o.d = 4
print(vars(o))
try:
    o.__dict__ = 5
except TypeError as e:
    print("TypeError:", e)


def func():
    pass


func.__dict__ = {"tag": "t"}
print(func.tag)
try:
    del func.__dict__
except TypeError as e:
    print("TypeError:", e)
