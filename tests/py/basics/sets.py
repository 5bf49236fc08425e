# set and frozenset of ints: methods, operators, reprs and iteration order.
s = {3, 1, 2}
print(s, len(s), 2 in s, 5 not in s, set(), frozenset(), {0}, frozenset([3, 1]))
print({10, 2, 33, 7, 100, 64, 5, 1}, {-1, -2, 0, 1, 2}, {2 ** 40, 1, 2 ** 33})
print(set(range(20, 0, -3)), set([5, 5, 5, 1]), {x % 7 for x in range(50)})
print({8, 16, 32, 64, 128, 256}, {1000, 999, 3, 1001}, set(range(9, -1, -1)))
s.add(4)
s.add(1)
s.discard(10)
s.remove(2)
print(s)
try:
    s.remove(42)
except KeyError as e:
    print("KeyError", e)
a = {1, 2, 3, 4}
b = {3, 4, 5, 6}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union(b, [7]), a.intersection(b, {4}), a.difference([1]), a.symmetric_difference(b))
print(a <= b, {3, 4} <= a, {3, 4} < a, a >= {1}, a.issubset(range(10)), a.issuperset([1, 2]), a.isdisjoint({9}))
c = set(a)
c |= {9}
c &= {1, 9, 3}
c -= {3}
c ^= {1, 5}
print(c)
c.update([20, 21], (22,))
c.intersection_update(range(21))
c.difference_update([20])
c.symmetric_difference_update({9, 30})
print(c, c.pop(), c)
f = frozenset({1, 2, 3})
print(f, f | {4}, f & {2, 9}, type(f | {4}).__name__, type({4} | f).__name__, hash(f) == hash(frozenset([3, 2, 1])))
print({f: "frozen key"}, f == {1, 2, 3}, {frozenset(): 0, frozenset([1]): 1})
print(sorted({"pear", "apple", "fig"}), sorted(set("mississippi")), len({"a", "b", "a"}))
e = {1, 2}
e.clear()
print(e, e == set(), {1, 2}.copy(), set("") == set(), set([()]), {(1, 2), (1, 2)})
print(sorted({3.5, 1, 2.0}), {1, 1.0, True}, {0, False, 0.0}, len({1, 1.0, True}))
print(sum({1, 2, 3}), max({4, 9, 1}), min(frozenset({4, 9, 1})), sorted({5, 1, 3}, reverse=True))
x = set()
for i in range(100):
    x.add(i * 7 % 100)
for i in range(0, 100, 3):
    x.discard(i)
print(len(x), sorted(x)[:10], list(x)[:10])
print({1, 2} == frozenset({1, 2}), {1, 2} != {1}, set([1, 2, 3]) - set([2]))
