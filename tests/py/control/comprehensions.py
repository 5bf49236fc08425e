# List/set/dict comprehensions, nesting, conditions and generator expressions.
print([x * x for x in range(6)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(x, y) for x in range(3) for y in range(x)])
print([[y for y in range(x)] for x in range(4)])
print([x if x % 2 else -x for x in range(6)])
print({x % 4 for x in range(10)})
print({x: x ** 2 for x in range(5)})
print({v: k for k, v in {"a": 1, "b": 2}.items()})
print(sorted({w[0] for w in ["apple", "avocado", "banana", "cherry"]}))
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([row[i] for i in range(3) for row in matrix])
print([[row[i] for row in matrix] for i in range(3)])
print([n for row in matrix for n in row if n % 2])
g = (x * 2 for x in range(4))
print(g.__class__.__name__, list(g), list(g))
print(sum(x for x in range(101)), max(len(w) for w in ["a", "abc", "ab"]))
print(list(x for x in "hello" if x != "l"), tuple(i for i in range(3)))
x = "outer"
print([x for x in range(3)], x)
y = 10
print([y + i for i in range(3)])
print([(lambda v: v + 1)(i) for i in range(3)])
fs = [lambda: i for i in range(3)]
print([f() for f in fs])
print({i: [j for j in range(i)] for i in range(4)})
print([c for c in (d.upper() for d in "abc")])


def gen_in_func(n):
    return [i * n for i in range(n)]


print(gen_in_func(4))


class K:
    vals = [1, 2, 3]
    doubled = [v * 2 for v in vals]


print(K.doubled)
nested_gen = ((i, j) for i in range(2) for j in range(2))
print(list(nested_gen))
pairs = [(a, b, c) for a in range(1, 20) for b in range(a, 20) for c in range(b, 20) if a * a + b * b == c * c]
print(pairs)
print([*(i for i in range(3)), *[9]])
lazy = (1 / v for v in [1, 0])
print(next(lazy))
try:
    next(lazy)
except ZeroDivisionError as e:
    print("lazy error:", e)
print(list(map(lambda t: t[0] * t[1], [(i, i + 1) for i in range(4)])))
print([i for i in range(5)][::-1], {i % 2: i for i in range(6)})
