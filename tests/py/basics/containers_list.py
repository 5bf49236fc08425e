# list: construction, indexing, slicing (get/set/del), methods, operators, comparisons.
def check(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)

a = list(range(10))
print(a, len(a), a[0], a[-1], a[3:7], a[::2], a[::-3], a[7:2:-2], a[-3:], a[:-3], a[100:], a[-100:2])
print(a[1:8:3], a[8:1:-3], a[::-1], a[5:5], a[slice(2, None)], a[slice(None, None, -4)])
b = a[:]
b[2:5] = ["x", "y"]
print(b)
b[1:1] = [100, 101, 102]
print(b)
b[::2] = list("abcdefg")[: len(b[::2])]
print(b)
del b[::3]
print(b)
del b[1:3]
print(b)
b[-1] = "last"
del b[0]
print(b, len(b))
b[:] = b
print(b)
b[len(b):] = (1, 2)
print(b)
b[:0] = "xy"
print(b)
c = [1, 2, 3]
c[5:10] = [9]
print(c)
c[-10:1] = []
print(c)
check(lambda: c[10])
check(lambda: c[-10])
check(lambda: c["a"])
check(lambda: c[1.0])
check(lambda: c[2 ** 100])
def setbad():
    c[::2] = [1, 2, 3, 4]
check(setbad)
def setbad2():
    c[0:1] = 5
check(setbad2)
def delbad():
    del c[99]
check(delbad)
def setidx():
    c[99] = 1
check(setidx)

m = [3, 1, 2]
m.append(4)
m.extend((5, 6))
m.extend(m)
print(m, m.count(1), m.index(2), m.index(2, 3), m.index(6, -3))
check(lambda: m.index(42))
check(lambda: m.index(1, 2, 4))
m.insert(0, "first")
m.insert(-1, "second-last")
m.insert(-100, "front")
m.insert(100, "back")
print(m)
print(m.pop(), m.pop(0), m.pop(-2), m.pop(3))
check(lambda: [].pop())
check(lambda: [1].pop(1))
check(lambda: [1].pop(-2))
m.remove(1)
print(m)
check(lambda: m.remove("nope"))
m.reverse()
print(m)
n = m.copy()
n.clear()
print(n, m[:2])
print([1, 2] + [3], [0] * 3, 3 * [1, 2], [] * 5, [1] * -1, [1, 2] * 0)
check(lambda: [1] + (2,))
check(lambda: [1] + "a")
check(lambda: [1] * 1.5)
check(lambda: [1] * "a")
x = [1]
y = x
x += [2, 3]
x += (4,)
x += "ab"
x *= 2
print(x, y is x)
x *= 0
print(x, y)
print([1, 2] == [1, 2], [1, 2] != [1, 3], [1, 2] < [1, 3], [1, 2] < [1, 2, 0], [2] > [1, 9], [] < [0], [1] <= [1], [1, 2] >= [1])
print([1, [2, 3]] == [1, [2, 3]], [float("nan")] == [float("nan")], [None] == [None])
nan = float("nan")
print([nan] == [nan], nan in [nan], [nan].count(nan), [nan].index(nan))
check(lambda: [1, 2] < [1, "a"])
check(lambda: [1] < (1,))
print([1, 2] == (1, 2), [] == (), [1] != "1")
check(lambda: hash([]))
print(list(), list([1]), list((1, 2)), list("abc"), list({1: 2, 3: 4}), list(range(3)), list(x for x in "hi"))
check(lambda: list(1))
check(lambda: list(1, 2))
check(lambda: list(a=1))
print(3 in [1, 2, 3], 4 not in [1, 2, 3], "a" in ["a"], [] in [[]])
r = [1, 2]
r.append(r)
print(r, str(r), repr([r, r]))
print(len([[]] * 3), [[0] * 2] * 2)
z = [[0] * 2] * 2
z[0][0] = 5
print(z)
w = [5, 6, 7]
print(list(reversed(w)), w.__reversed__().__length_hint__(), iter(w).__length_hint__())
it = iter(w)
print(next(it), list(it), list(it))
w2 = [1, 2, 3]
it2 = iter(w2)
next(it2)
w2.append(4)
print(list(it2))
print([i * 2 for i in range(5) if i % 2 == 0], [[j for j in range(i)] for i in range(4)])
print(bool([]), bool([0]), [1, 2].__len__(), [1, 2].__getitem__(-1), [1, 2].__contains__(2))
e = []
e[:] = range(5)
e[1:4] = range(10, 13)
print(e, e[1:4], e[4:1])
print(sum([1, 2, 3]), min([3, 1, 2]), max([3, 1, 2]), sorted([3, 1, 2]), any([0, 1]), all([1, 0]))
