# Builtin iterator types: enumerate, zip, map, filter, reversed, iter() forms.
def check(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)

print(list(enumerate("abc")), list(enumerate("ab", 10)), list(enumerate("ab", start=-1)), list(enumerate([], 5)))
print(list(enumerate(range(3), start=2 ** 64)))
check(lambda: enumerate())
check(lambda: enumerate(1))
check(lambda: enumerate("a", "b"))
e = enumerate("xy")
print(next(e), next(e), next(e, None), type(e).__name__, iter(e) is e)
print(list(zip()), list(zip("ab")), list(zip("abc", [1, 2])), list(zip(range(3), "xyz", [True, False, None])))
print(list(zip("ab", "cd", strict=True)))
check(lambda: list(zip("a", "bc", strict=True)))
check(lambda: list(zip("ab", "c", strict=True)))
check(lambda: list(zip("ab", "cd", "e", strict=True)))
check(lambda: list(zip("a", "b", "cd", strict=True)))
check(lambda: zip(1))
check(lambda: zip("a", bogus=1))
print(list(map(abs, [-1, 2, -3])), list(map(lambda a, b: a + b, [1, 2, 3], [10, 20])), list(map(str, range(3))))
check(lambda: map(abs))
check(lambda: list(map(abs, ["x"])))
print(list(filter(None, [0, 1, "", "a", None, [], [0]])), list(filter(lambda x: x % 2, range(10))), list(filter(bool, [0, 2])))
print(list(reversed([1, 2, 3])), list(reversed((1, 2))), list(reversed("abc")), list(reversed(range(4))), list(reversed({"k": 1, "j": 2})))
class Seq:
    def __len__(self):
        return 3
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 10
print(list(reversed(Seq())), list(Seq()), list(iter(Seq())), 20 in Seq(), type(iter(Seq())).__name__, type(reversed(Seq())).__name__)
check(lambda: reversed(1))
check(lambda: reversed({1, 2}))
class NoRev:
    __reversed__ = None
    def __len__(self):
        return 0
    def __getitem__(self, i):
        raise IndexError
check(lambda: reversed(NoRev()))
class Stop:
    def __getitem__(self, i):
        if i == 2:
            raise StopIteration
        return i
print(list(Stop()))
counter = [0]
def tick():
    counter[0] += 1
    return counter[0]
print(list(iter(tick, 4)), type(iter(tick, 0)).__name__)
it = iter([1, 2, 3])
print(type(it).__name__, next(it), list(it), next(it, "x"))
print(type(iter(())).__name__, type(iter("ab")).__name__, type(iter(range(2))).__name__, type(iter({1})).__name__)
print(type(iter(b"ab")).__name__, type(reversed([])).__name__, type(zip()).__name__, type(map(abs, [])).__name__)
print(list(iter("héllo☃")), list(iter(b"hi")), list(iter(bytearray(b"yo"))))
gen_pairs = zip(*[iter(range(6))] * 2)
print(list(gen_pairs))
m = map(lambda x: x * x, iter(range(4)))
print(next(m), list(m))
f = filter(lambda x: x > 1, [1, 2, 3])
print(next(f), list(f), list(f))
print(dict(enumerate("ab")), dict(zip("ab", range(2))), sorted(zip([3, 1, 2], "abc")))
s = {3, 1, 2}
si = iter(s)
print(next(si))
s.add(99)
try:
    next(si)
except RuntimeError as ex:
    print("RuntimeError:", ex)
print(sum(x for x in range(5)), list(x * 2 for x in (1, 2)), [(i, c) for i, c in enumerate("ab")])
