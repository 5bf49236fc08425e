# Assignment expressions.
data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print("long list", n)
print([y for x in data if (y := x * 2) > 6], y)
values = iter([1, 2, 3, 0, 5])
while (v := next(values)) != 0:
    print("value", v)
print("stopped at", v)
print((a := 5) + a, a)


def f(x):
    return x * 10


print([(z := f(i), z + 1) for i in range(3)], z)
total = 0
print(any((total := total + i) > 5 for i in range(10)), total)
stack = [1, 2, 3]
while stack and (top := stack.pop()) != 2:
    print("popped", top)
print("top", top, stack)
if (m := {"k": 1}.get("k")) is not None:
    print("found", m)


def scope_check():
    [q := i for i in range(4)]
    return q


print(scope_check())
print(x := 7, (x, x := 8, x))
