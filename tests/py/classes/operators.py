# Operator overloading: binary, reflected, in-place, unary, comparison.
class V:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __repr__(self):
        return "V(%r, %r)" % (self.x, self.y)

    def __add__(self, o):
        if isinstance(o, V):
            return V(self.x + o.x, self.y + o.y)
        if isinstance(o, (int, float)):
            return V(self.x + o, self.y + o)
        return NotImplemented

    def __radd__(self, o):
        print("  __radd__ with", o)
        return self + o

    def __sub__(self, o):
        return V(self.x - o.x, self.y - o.y)

    def __mul__(self, k):
        return V(self.x * k, self.y * k)

    __rmul__ = __mul__

    def __matmul__(self, o):
        return self.x * o.x + self.y * o.y

    def __truediv__(self, k):
        return V(self.x / k, self.y / k)

    def __floordiv__(self, k):
        return V(self.x // k, self.y // k)

    def __mod__(self, k):
        return V(self.x % k, self.y % k)

    def __pow__(self, k):
        return V(self.x ** k, self.y ** k)

    def __neg__(self):
        return V(-self.x, -self.y)

    def __pos__(self):
        return self

    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5

    def __invert__(self):
        return V(self.y, self.x)

    def __eq__(self, o):
        return isinstance(o, V) and (self.x, self.y) == (o.x, o.y)

    def __lt__(self, o):
        return abs(self) < abs(o)

    def __le__(self, o):
        return abs(self) <= abs(o)

    def __and__(self, o):
        return "and"

    def __or__(self, o):
        return "or"

    def __xor__(self, o):
        return "xor"

    def __lshift__(self, n):
        return "lshift %d" % n

    def __rshift__(self, n):
        return "rshift %d" % n

    __hash__ = None


a, b = V(1, 2), V(3, 4)
print(a + b, a - b, a * 3, 3 * a, a @ b, b / 2, b // 2, b % 2, a ** 2)
print(-a, +a, abs(b), ~a, a & b, a | b, a ^ b, a << 2, a >> 1)
print(a + 1, 10 + a, 1.5 + a)
print(a == V(1, 2), a != V(1, 2), a == 5, a < b, b < a, a <= a, b > a, b >= a)
print(sorted([b, a, V(0, 1)]), max(a, b), min([b, a]))


class Acc:
    def __init__(self):
        self.items = []

    def __iadd__(self, o):
        self.items.append(o)
        return self

    def __repr__(self):
        return "Acc(%r)" % self.items


acc = Acc()
same = acc
acc += 1
acc += "two"
print(acc, acc is same)
v = V(1, 1)
orig = v
v += V(1, 1)
v *= 10
print(v, orig, v is orig)
try:
    a + "s"
except TypeError as e:
    print("TypeError:", e)
try:
    "s" + a
except TypeError as e:
    print("TypeError:", e)


class Num:
    def __init__(self, n):
        self.n = n

    def __add__(self, o):
        print("  Num.__add__")
        return NotImplemented

    def __radd__(self, o):
        print("  Num.__radd__")
        return "radd result"

    def __eq__(self, o):
        print("  Num.__eq__")
        return NotImplemented

    def __index__(self):
        return self.n

    def __int__(self):
        return self.n

    def __float__(self):
        return float(self.n) + 0.5

    def __bool__(self):
        return self.n != 0


class SubNum(Num):
    def __radd__(self, o):
        print("  SubNum.__radd__")
        return "subclass radd wins"


try:
    Num(1) + Num(2)
except TypeError as e:
    print("TypeError (same type never tries __radd__):", e)
print(5 + Num(2))
print(Num(1) + SubNum(2))
print(Num(1) == Num(1))
print([10, 20, 30][Num(1)], hex(Num(255)), int(Num(7)), float(Num(1)), bool(Num(0)), range(Num(3)))
print("ab" * Num(2), bin(Num(5)), [1, 2, 3][Num(0):Num(2)])


class Cmp:
    def __init__(self, v):
        self.v = v

    def __lt__(self, o):
        return self.v < o.v

    def __repr__(self):
        return "Cmp(%d)" % self.v


print(sorted([Cmp(3), Cmp(1), Cmp(2)]), Cmp(1) > Cmp(0))
try:
    Cmp(1) <= Cmp(2)
except TypeError as e:
    print("TypeError:", e)
