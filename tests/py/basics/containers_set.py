# set/frozenset: CPython iteration order for ints and strs, operators, methods, errors.
def check(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)

print({5, 3, 17, 1, 33, 9}, set(range(40, 0, -3)), {1, 9, 17, 25, 33, 41})
print(set([64, 32, 16, 8, 4, 2, 1]), set((100, 228, 356)), {-5, -1, 0, 3})
s = set()
for i in [31, 15, 7, 63, 127, 3, 1]:
    s.add(i)
print(s, len(s))
print({"pear", "apple", "fig", "banana", "kiwi"}, set("mississippi"), {"a", "b", "c", "d"})
print(set({"x": 1, "y": 2, "z": 3}), set({1: 0, 9: 0, 17: 0, 25: 0, 33: 0}), frozenset("hello"))
src = {1, 9, 17, 25, 33}
print(set(src), src.copy(), frozenset(src), set(list(src)))
a = {1, 2, 3, 4, 5}
b = {4, 5, 6, 7}
print(a | b, a & b, a - b, b - a, a ^ b, b ^ a)
print(a.union(b, [8, 9]), a.intersection(b, {5}), a.difference(b, [1]), a.symmetric_difference([5, 6, 10]))
print(a.union(), a.intersection(), a.difference())
print(a <= a, a < a, {1} < a, a > {1, 2}, a >= b, a.issubset(range(10)), a.issuperset([1, 2]), a.isdisjoint({99}), a.isdisjoint(b))
print(a == {5, 4, 3, 2, 1}, a != b, {1, 2} == frozenset({1, 2}), set() == frozenset())
check(lambda: a | [1])
check(lambda: a < [1])
check(lambda: {[]})
check(lambda: set(5))
check(lambda: set([1], [2]))
check(lambda: a.remove(42))
check(lambda: set().pop())
check(lambda: frozenset([1]).add(2))
c = set(a)
c |= {10}
c &= {1, 2, 3, 10, 11}
c -= {2}
c ^= {3, 4}
print(c)
c.update([20, 21], (22,), {23})
c.intersection_update(range(22), [1, 20, 21, 10])
c.difference_update([20])
c.symmetric_difference_update({1, 99})
print(c)
c.discard(10)
c.discard(12345)
print(c, c.pop(), c)
p = set(range(20))
popped = [p.pop() for _ in range(5)]
print(popped, p)
p.add(0)
print(p.pop(), p)
f = frozenset([3, 1, 2])
print(f, f | {9}, f & {1, 2}, f - {1}, f ^ {1, 7}, type(f | {9}).__name__, type({9} | f).__name__, type(f.copy()).__name__)
print(hash(f) == hash(frozenset([1, 2, 3])), hash(frozenset()), hash(frozenset({1, 2, 3})), hash(frozenset({"a"})))
print({f: 1}[frozenset({1, 2, 3})], frozenset() in {frozenset()}, {1, 2} in {frozenset({1, 2})})
print({frozenset({1}), frozenset({2}), frozenset({1, 2})})
print(set([3, 2, 1]).__len__(), 3 in {1, 2, 3}, 4 not in {1, 2, 3}, [] in [set()], bool(set()), bool({0}))
print({1, 1.0, True}, {0, False, 0.0}, {2 ** 64, 2 ** 64 + 1, 1}, {-1, -2, -3})
e = {1, 2}
e.clear()
print(e, e == set(), repr(set()), repr(frozenset()), str({1}))
class S(set):
    pass
class F(frozenset):
    pass
print(S([1, 2]), S(), F([3]), F(), type(S([1]) | {2}).__name__, isinstance(S(), set))
rs = set()
print({x % 5 for x in range(100)}, {(x, x) for x in range(3)} == {(0, 0), (1, 1), (2, 2)})
h = set()
for i in range(200):
    h.add(i * 37 % 211)
for i in range(0, 200, 2):
    h.discard(i * 37 % 211)
print(len(h), list(h)[:15])
try:
    for x in h:
        h.add(x + 1000)
except RuntimeError as ex:
    print("RuntimeError:", ex)
words = set("the quick brown fox jumps over the lazy dog".split())
print(words, len(words))
print(sorted({"b", "a", "c"}), max({4, 9, 2}), sum({1, 2, 3}), min(frozenset({7, 3})))
print({1, 2, 3}.__contains__(2), set.union({1}, {2}), frozenset.intersection(frozenset({1, 2}), {2, 3}))
