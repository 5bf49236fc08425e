# Deeply nested containers: repr and comparison hit RecursionError with CPython's messages.
l = []
for i in range(3000):
    l = [l]
try:
    repr(l)
except RecursionError as e:
    print("RecursionError", e)
d = {}
for i in range(3000):
    d = {1: d}
try:
    str(d)
except RecursionError as e:
    print("RecursionError", e)
t = ()
for i in range(3000):
    t = (t,)
try:
    hash(t)
except RecursionError as e:
    print("RecursionError", e)
try:
    print(t == t, l == l)
except RecursionError as e:
    print("RecursionError", e)
a = []
for i in range(3000):
    a = [a]
b = []
for i in range(3000):
    b = [b]
try:
    print(a == b)
except RecursionError as e:
    print("RecursionError", e)
for f in (lambda: list.__new__(1), lambda: list.__new__(), lambda: tuple.__new__(dict), lambda: enumerate.__new__(list, []), lambda: dict.__new__(set)):
    try:
        f()
    except TypeError as e:
        print("TypeError:", e)
print(list.__new__(list), dict.__new__(dict), tuple.__new__(tuple, "ab"), str.__new__(str, 5), frozenset.__new__(frozenset, [1]))
