# The binary-operator protocol: __op__/__rop__ order, the subclass-first rule, in-place
# operators, NotImplemented, sequence operators, error messages; unary operators;
# comparisons across int/float/bool/complex/str; pow() and divmod() through the protocol.


def check(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__ + ":", e)
    else:
        print(repr(r))


class V:
    def __init__(self, x):
        self.x = x

    def __repr__(self):
        return "V(%r)" % (self.x,)

    def __add__(self, o):
        print("  V.__add__", o)
        return V(self.x + (o.x if isinstance(o, V) else o)) if isinstance(o, (V, int)) else NotImplemented

    def __radd__(self, o):
        print("  V.__radd__", o)
        return V(o + self.x) if isinstance(o, int) else NotImplemented

    def __mul__(self, o):
        return "V*%r" % (o,)

    def __rmul__(self, o):
        return "%r*V" % (o,)

    def __neg__(self):
        return V(-self.x)

    def __invert__(self):
        return "~V"

    def __pow__(self, o, mod=None):
        return ("pow", self.x, o, mod)

    def __rpow__(self, o, mod=None):
        return ("rpow", o, self.x, mod)

    def __divmod__(self, o):
        return ("divmod", self.x, o)

    def __rdivmod__(self, o):
        return ("rdivmod", o, self.x)

    def __lt__(self, o):
        return "V<"


class W(V):
    def __radd__(self, o):
        print("  W.__radd__", o)
        return W(("W", o))


class Acc:
    def __init__(self):
        self.items = []

    def __iadd__(self, o):
        self.items.append(o)
        return self

    def __repr__(self):
        return "Acc%r" % (self.items,)


print(V(1) + V(2), V(1) + 5, 5 + V(1), V(3) * 2, 2 * V(3), [1] * V(2), V(2) * [1], "s" * V(1))
print(V(1) + W(2))
print(W(1) + V(2))
print(-V(4), ~V(1), V(2) ** 3, 3 ** V(2), pow(V(2), 3), pow(V(2), 3, 5), divmod(V(7), 2), divmod(7, V(2)))
check(lambda: V(1) + "s")
check(lambda: "s" + V(1))
check(lambda: +V(1))
check(lambda: abs(V(1)))
check(lambda: V(1) - 1)
check(lambda: V(1) < 2)
check(lambda: 2 < V(1))
check(lambda: V(1) <= 2)
a = Acc()
b = a
a += 1
a += "x"
print(a, a is b)
x = V(1)
x += 2
print(x)
x = 5
x += V(1)
print(x)
lst = [1]
alias = lst
lst += (2, 3)
lst *= 2
print(lst, alias is lst)
t = (1,)
t += (2,)
t *= 2
s = "ab"
s += "c"
s *= 2
print(t, s)


def f1():
    x = 1
    x **= "a"


def f2():
    x = 1
    x += "a"


def f3():
    x = "a"
    x += 1


def f4():
    x = [1]
    x += 1


def f5():
    x = (1,)
    x += [1]


def f6():
    x = 1
    x @= 1


def f7():
    x = 1.5
    x //= "a"


for fn in (f1, f2, f3, f4, f5, f6, f7):
    check(fn)
for a_, b_ in [(1, "a"), ("a", 1), ([1], (1,)), ((1,), [1]), (None, None), (1.5, None), (1j, "x"), ({}, {}), ("a", "b")]:
    check(lambda: a_ + b_)
    check(lambda: a_ - b_)
    check(lambda: a_ * b_)
    check(lambda: a_ ** b_)
    check(lambda: a_ % b_)
    check(lambda: a_ < b_)
check(lambda: "a" * 1.5)
check(lambda: 1.5 * "a")
check(lambda: [1] * (10 ** 20))
check(lambda: pow("a", 1, 4))
check(lambda: pow(2.0, 3, 5))
check(lambda: divmod("a", 1))
check(lambda: divmod(1j, 1j))
check(lambda: -[1])
check(lambda: +None)
check(lambda: ~"a")
check(lambda: abs("a"))
print(pow(2, 3, None), pow(2, -1), pow(2.0, 3), pow(2, 0.5), pow(-8, 1 / 3), pow(True, 3, 2), divmod(7.5, 2), divmod(-7, 2))
print("abc" < "abd", "b" > "abc", "" < "a", "é" > "z", "a" * 3, "ab" + "cd", [1, 2] + [3], (1,) + (2,), [0] * 3, 3 * (1,))
print(1 < 2.5, 2.5 < 3, 1 == 1.0 == True, 0.0 == -0.0 == False, 1 + 0j == 1.0, 3 >= 3.0, 10 ** 20 == 1e20, 10 ** 23 == 1e23)
print(sorted([3, 1.5, True, -2, 2 ** 70, 1e21, 0.0, -0.5]), max(2, 2.0), max(2.0, 2), min([1, 1.0]), 2 ** 70 > 1e21)
print({1: "a", 1.0: "b", True: "c"}, {0, 0.0, False, -0.0}, len({1, 1.0, 1 + 0j, True}))
print(sum([1, 2.5, True]), sum([0.5] * 4, 10), sum([1j, 2]), sum(range(101)), sum([10 ** 20, 1]))


class Num:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


print([1, 2, 3] * Num(2), "ab" * Num(3), (0,) * Num(2), bin(Num(5)), hex(Num(255)), [10, 20, 30][Num(1)])


class MyInt(int):
    def __add__(self, o):
        return "MyInt.__add__"

    def __radd__(self, o):
        return "MyInt.__radd__"


print(MyInt(1) + 1, 1 + MyInt(1), MyInt(1) + MyInt(2), 1.5 + MyInt(1), MyInt(1) - 1, type(MyInt(3) * 2).__name__)


class PlainSub(int):
    pass


print(PlainSub(2) + PlainSub(3), type(PlainSub(2) + 1).__name__, PlainSub(7) // 2, -PlainSub(3), PlainSub(5) == 5)


class NoMul:
    def __rmul__(self, o):
        return NotImplemented

    def __radd__(self, o):
        return NotImplemented


for seq in ("s", [1], (1,), b"b", bytearray(b"x")):
    check(lambda: seq + NoMul())
    check(lambda: seq * NoMul())
    check(lambda: NoMul() * seq)
