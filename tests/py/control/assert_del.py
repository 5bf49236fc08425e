# assert, del, and evaluation order of chained comparisons.
assert True
assert 1 + 1 == 2, "math"
try:
    assert 1 > 2, "one is not greater"
except AssertionError as e:
    print("AssertionError:", e, e.args)
try:
    assert []
except AssertionError as e:
    print("AssertionError with no message:", repr(e), e.args)
try:
    assert False, ["payload", 1]
except AssertionError as e:
    print(e.args[0])
x = 5
del x
try:
    print(x)
except NameError as e:
    print("NameError:", e)
L = [0, 1, 2, 3, 4, 5]
del L[0], L[-1]
print(L)
del L[1:3]
print(L)
d = {"a": 1, "b": 2, "c": 3}
del d["b"]
print(d)


class Obj:
    pass


o = Obj()
o.attr = 1
o.other = 2
del o.attr
print(hasattr(o, "attr"), hasattr(o, "other"), vars(o))
a, b = 1, 2
del a, b
print("a" in dir(), "b" in dir())
nested = [[1, 2], [3, 4]]
del nested[0][1]
print(nested)


def f():
    y = 1
    del y
    try:
        return y
    except UnboundLocalError as e:
        return "UnboundLocalError: %s" % e


print(f())
order = []


def v(n):
    order.append(n)
    return n


print(v(1) < v(2) < v(3), order)
order.clear()
print(v(3) < v(2) < v(1), order)
order.clear()
print(v(1) == v(1) != v(2) > v(0), order)
order.clear()
print(v(2) in [v(1), v(2)] in [[1, 2]], order)
try:
    del undefined_name
except NameError as e:
    print("NameError:", e)
try:
    del d["zz"]
except KeyError as e:
    print("KeyError:", e)
