# Sequence unpacking, star targets and star arguments.
a, b = 1, 2
a, b = b, a
print(a, b)
(c, d), e = (3, 4), 5
print(c, d, e)
first, *middle, last = range(6)
print(first, middle, last)
*init, tail = "abc"
print(init, tail)
head, *rest = [1]
print(head, rest)
x, = [42]
print(x)
[p, q] = "pq"
print(p, q)
for i, (k, v) in enumerate({"a": 1, "b": 2}.items()):
    print(i, k, v)
for n, *others in [(1, 2, 3), (4,)]:
    print(n, others)
print(*[1, 2], *"ab", sep="-")
print([*range(3), *(4, 5)], (*"xy",), {*[1, 2], *[2, 3]})
print({**{"a": 1}, "b": 2, **{"a": 3}})


def f(*args, **kwargs):
    return args, kwargs


print(f(*[1, 2], 3, *(4,), k=1, **{"m": 2}))
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b, c = [1, 2]
except ValueError as e:
    print("ValueError:", e)
try:
    a, *b, c = [1]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b = 1
except TypeError as e:
    print("TypeError:", e)
L = [0, 0, 0]
L[0], L[2] = "x", "z"
print(L)
i = 0
i, L[i] = 1, "set"
print(i, L)
a = b = c = [7]
a.append(8)
print(a, b, c, a is c)
m, n = n, m = 1, 2
print(m, n)
t = 1, 2, 3
print(t, type(t).__name__)
g = (v for v in range(3))
x1, x2, x3 = g
print(x1, x2, x3)
d = {"one": 1, "two": 2}
k1, k2 = d
print(k1, k2)
(a, b), (c, d) = [[1, 2], "cd"]
print(a, b, c, d)
