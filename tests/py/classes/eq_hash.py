# __eq__ and __hash__; objects as dict keys and set members.
class Key:
    def __init__(self, a, b):
        self.a, self.b = a, b

    def __eq__(self, o):
        return isinstance(o, Key) and (self.a, self.b) == (o.a, o.b)

    def __hash__(self):
        return hash((self.a, self.b))

    def __repr__(self):
        return "Key(%r, %r)" % (self.a, self.b)


d = {Key(1, 2): "first"}
print(d[Key(1, 2)], Key(1, 2) in d, Key(2, 1) in d, len({Key(1, 2), Key(1, 2), Key(3, 4)}))
print(Key(1, 2) == Key(1, 2), Key(1, 2) is Key(1, 2), Key(1, 2) != Key(1, 3), hash(Key(1, 2)) == hash((1, 2)))


class EqOnly:
    def __eq__(self, o):
        return True


print(EqOnly.__hash__, EqOnly() == 5)
try:
    hash(EqOnly())
except TypeError as e:
    print("TypeError:", e)
try:
    {EqOnly()}
except TypeError as e:
    print("TypeError:", e)


class Default:
    pass


x, y = Default(), Default()
print(x == x, x == y, x != y, hash(x) == hash(x), {x: 1}[x], len({x, y, x}))


class Collide:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return 42

    def __eq__(self, o):
        return isinstance(o, Collide) and self.v == o.v

    def __repr__(self):
        return "C%d" % self.v


s = {Collide(i) for i in range(20)}
print(len(s), Collide(7) in s, Collide(99) in s, sorted(c.v for c in s)[:5])
dd = {Collide(i): i for i in range(10)}
del dd[Collide(3)]
print(len(dd), dd.get(Collide(4)), dd.get(Collide(3)))


class NegHash:
    def __hash__(self):
        return -1


print(hash(NegHash()))


class BigHash:
    def __hash__(self):
        return 2 ** 100


print(hash(BigHash()) == hash(2 ** 100))


class Inherit(Key):
    pass


print(Inherit(1, 2) == Key(1, 2), {Inherit(1, 2): 1}.get(Key(1, 2)))


class Reverse:
    def __init__(self, v):
        self.v = v

    def __eq__(self, o):
        print("  Reverse.__eq__ called")
        return self.v == getattr(o, "v", o)


print(5 == Reverse(5), Reverse(5) == 5, [Reverse(1)] == [1], 1 in [Reverse(1)])


class Same:
    def __eq__(self, o):
        print("  Same.__eq__ called")
        return False


s1 = Same()
print(s1 in [s1], [s1] == [s1], s1 == s1, s1 != s1)
nan = float("nan")
print(nan in [nan], [nan] == [nan], nan == nan, {nan: 1}.get(nan))
print(hash(1) == hash(1.0) == hash(True), {1: "int", 1.0: "float"}, {0.5: 1, 1 / 2: 2})
print(Key.__hash__ is not None, object.__hash__ is not None, type(None).__hash__ is not None)
