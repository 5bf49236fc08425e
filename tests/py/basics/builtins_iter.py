# range and the iteration builtins.
print(range(5), range(1, 10, 2), list(range(5)), list(range(10, 0, -3)), list(range(0)), list(range(5, 1)))
r = range(3, 30, 4)
print(len(r), r[0], r[-1], 11 in r, 12 in r, r.index(15), r.count(7), r == range(3, 31, 4), range(0) == range(5, 5))
print(sorted([5, 2, 8, 1]), sorted("cba"), sorted([3, 1, 2], reverse=True), sorted((x % 5 for x in range(12))))
print(min(3, 1, 2), max([4, 9, 2]), min("abc"), max([], default="empty"), min([(2, "b"), (1, "z")]), max(["aa", "b"], key=len))
print(sum([1, 2, 3]), sum([], 10), sum([0.5, 0.25]), sum(range(101)), sum([[1], [2]], []))
print(list(zip([1, 2, 3], "abc")), list(zip([1, 2], [3, 4], [5, 6])), list(zip([1, 2, 3], [4])), list(zip()))
print(list(enumerate("xyz")), list(enumerate("xy", start=10)), dict(enumerate("ab")))
print(list(map(abs, [-1, 2, -3])), list(map(lambda a, b: a * b, [1, 2, 3], [4, 5])), list(map(str, range(3))))
print(list(filter(None, [0, 1, "", "a", None, []])), list(filter(lambda v: v % 2, range(10))))
print(list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed(range(4))), list(reversed((1, 2))))
print(any([]), all([]), any([0, "", 1]), all([1, "x", [0]]), any(x > 5 for x in range(7)), all(x < 5 for x in range(7)))
it = iter([1, 2, 3])
print(next(it), next(it), next(it), next(it, "done"))
try:
    next(it)
except StopIteration as e:
    print("StopIteration", repr(e))
counter = [0]


def tick():
    counter[0] += 1
    return counter[0]


print(list(iter(tick, 5)))
print(abs(-3), divmod(17, 5), round(3.14159, 2), pow(2, 8), len([1, 2]), len({"a": 1}), len(range(0, 100, 7)))
print(isinstance(3, int), isinstance(3, (str, float)), isinstance("s", str), issubclass(int, object), issubclass(bool, (str, int)))
print(callable(len), callable(3), callable(lambda: 0), callable(int))
print(type(3), type("s"), type([]), type(None), type(type), type(range(1)), type(zip()), type(print))
print(chr(65), ord("a"), bin(10), oct(10), hex(255), hex(-1))
print(list(zip(*[(1, "a"), (2, "b")])), sorted(zip([3, 1, 2], "cab")), dict(zip(range(3), "xyz")))
gen = (i * i for i in range(5))
print(next(gen), list(gen), list(gen))
m = map(int, "123")
print(next(m), list(m))
print(sorted(map(len, ["aaa", "b", "cc"])), list(enumerate(reversed("ab"))), [*range(3), *"ab"])
z = zip(range(3), range(10, 13))
print([a + b for a, b in z], list(z))
print(sum(i for i in range(10) if i % 3 == 0), max(range(10), key=lambda v: -abs(v - 4)))
print(list(range(-5, 5, 2)), range(10)[2:8:3], list(range(2 ** 64, 2 ** 64 + 3)), len(range(-10, 10, 3)))
print(hash(range(3)) == hash(range(3)), range(0, 3) == range(3), list(range(1, 10)[::-2]))
print(list(iter("ab")), list(iter((1, 2))), tuple(iter({1: 2})), set(iter([1, 1, 2])))
