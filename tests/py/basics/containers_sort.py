# list.sort / sorted: stability, key, reverse, errors, mutation during sort.
data = [5, 2, 8, 1, 9, 3, 7, 2, 5, 0]
a = data[:]
a.sort()
print(a)
a.sort(reverse=True)
print(a)
words = ["banana", "Apple", "cherry", "apple", "Banana", "date", "fig", "Elder"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len, reverse=True))
pairs = [(1, "b"), (0, "z"), (1, "a"), (0, "y"), (2, "c"), (1, "c")]
print(sorted(pairs, key=lambda p: p[0]), sorted(pairs, key=lambda p: p[0], reverse=True))
big = [(i * 7919) % 1000 for i in range(2000)]
s = sorted(big)
print(s[:10], s[-10:], s == sorted(big, reverse=True)[::-1], len(s))
stab = sorted(range(300), key=lambda i: i % 7)
print(stab[:12], stab[-12:])
stab2 = sorted(range(300), key=lambda i: i % 7, reverse=True)
print(stab2[:12], stab2[-12:])
print(sorted([3.5, 1, 2.25, -1, 0.0]), sorted("hello world"), sorted([[2, 1], [1, 3], [1, 2]]))
print(sorted([]), sorted([1]), sorted((3, 2, 1)), sorted({3: 0, 1: 0, 2: 0}))
x = [3, 1, "a", 2]
try:
    x.sort()
except TypeError as e:
    print("TypeError:", e)
print(x)
y = list(range(20, 0, -1)) + ["z"]
try:
    y.sort()
except TypeError as e:
    print("TypeError:", e)
print(y)
class Key:
    calls = 0
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        Key.calls += 1
        return self.v < other.v
    def __repr__(self):
        return "K(%d)" % self.v
ks = [Key(v) for v in [4, 2, 3, 1]]
ks.sort()
print(ks, Key.calls > 0)
victim = [3, 2, 1]
def evil(v):
    victim.append(v)
    return v
try:
    victim.sort(key=evil)
except ValueError as e:
    print("ValueError:", e)
print(victim)
def failing_key(v):
    if v == 2:
        raise KeyError("boom")
    return v
z = [3, 2, 1]
try:
    z.sort(key=failing_key)
except KeyError as e:
    print("KeyError:", e)
print(z)
try:
    [].sort(1)
except TypeError as e:
    print("TypeError:", e)
try:
    [].sort(cmp=None)
except TypeError as e:
    print("TypeError:", e)
class Rev:
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        return self.v > other.v
print([r.v for r in sorted([Rev(1), Rev(3), Rev(2)])])
print(sorted([1, 2, 3], key=lambda v: -v), sorted([True, False, 0, 1]))
