# _collections.deque: the ring buffer, bounded deques, iteration, errors (CPython's messages).
from _collections import deque


def attempt(label, f):
    try:
        r = f()
        print(label, "->", repr(r))
    except Exception as e:
        print(label, "!!", type(e).__name__, e)


# Construction and basics
d = deque()
print(d, len(d), bool(d), d.maxlen)
d = deque([1, 2, 3])
print(d, len(d), bool(d), d[0], d[-1], d[1])
d = deque("abc", 5)
print(d, d.maxlen)
d = deque(iterable=range(4), maxlen=2)
print(d)
d = deque(maxlen=0)
d.append(1)
d.extend([1, 2, 3])
d.appendleft(9)
print(d, len(d))

# Appends and pops at both ends through many buffer growths
d = deque()
for i in range(100):
    d.append(i)
    d.appendleft(-i)
print(len(d), d[0], d[-1], d[100], d[99])
total = 0
while d:
    total += d.pop()
    if d:
        total += d.popleft()
print(total, d)

# Interleaved pushes and pops (wrap-around)
d = deque()
out = []
for i in range(50):
    d.append(i)
    if i % 3 == 0:
        out.append(d.popleft())
print(out)
print(list(d))

# Bounded deques drop from the other end
d = deque(range(5), maxlen=3)
print(d)
d.append(10)
print(d)
d.appendleft(20)
print(d)
d.extend([1, 2])
print(d)
d.extendleft([7, 8])
print(d)
d.insert(0, 5) if False else None
attempt("insert full", lambda: d.insert(1, 0))

# extend / extendleft / += / self-extend
d = deque([1, 2])
d.extend(range(3))
d.extendleft("ab")
print(d)
d += [9]
print(d)
d.extend(d)
print(d)
d.extendleft(deque([0]))
print(d)
e = d
e += e
print(e is d, len(d))

# rotate
d = deque(range(7))
d.rotate()
print(d)
d.rotate(3)
print(d)
d.rotate(-5)
print(d)
d.rotate(100)
print(d)
d.rotate(-100)
print(d)
full = deque(range(8))  # exactly fills the initial buffer
full.rotate(3)
print(full)
full.rotate(-11)
print(full)
deque().rotate(5)
deque([1]).rotate(-5)

# indexing
d = deque(range(10))
d[3] = "three"
d[-1] = "last"
print(d)
del d[0]
del d[-2]
del d[4]
print(d)
attempt("getitem 10", lambda: d[10])
attempt("getitem -20", lambda: d[-20])
attempt("getitem str", lambda: d["a"])
attempt("getitem slice", lambda: d[1:2])
attempt("getitem huge", lambda: d[2**80])


def setbad():
    d[50] = 1


def delbad():
    del d[1:3]


attempt("setitem 50", setbad)
attempt("delitem slice", delbad)


class Idx:
    def __index__(self):
        return 2


print(d[Idx()])

# insert / remove / index / count / contains / reverse / clear / copy
d = deque([1, 2, 3])
d.insert(1, "a")
d.insert(-1, "b")
d.insert(100, "end")
d.insert(-100, "start")
d.insert(0, "zero")
print(d)
d.remove("a")
print(d)
attempt("remove missing", lambda: d.remove("nope"))
d = deque([1, 2, 3, 2, 1, 2])
print(d.index(2), d.index(2, 2), d.index(2, 4), d.index(1, -2), d.index(2, 0, 2))
attempt("index missing", lambda: d.index(7))
attempt("index in range", lambda: d.index(3, 0, 2))
attempt("index bad start", lambda: d.index(2, "x"))
print(d.count(2), d.count(9), 2 in d, 9 in d)
d.reverse()
print(d)
c = d.copy()
c.append("c")
print(d, c, d.__copy__() == d)
c.clear()
print(c, len(c))
b = deque([1], maxlen=4)
print(b.copy(), b.copy().maxlen)

# repr: recursive and subclass
d = deque([1])
d.append(d)
print(d)
l = [d]
print(deque(l))


class MyDeque(deque):
    pass


m = MyDeque([1, 2], 5)
print(m, type(m.copy()).__name__, m.copy())
print(type(m + m).__name__, m + m)
print(isinstance(m, deque))
m.attr = 1
print(m.__reduce__()[:3])

# comparisons
a, b = deque([1, 2, 3]), deque([1, 2, 4])
print(a == b, a != b, a < b, a <= b, a > b, a >= b)
print(deque([1]) < deque([1, 2]), deque([1, 2]) <= deque([1, 2]), deque() == deque())
print(deque([1]) == [1], deque([1]) != [1])
attempt("deque < list", lambda: deque([1]) < [1, 2])
nan = float("nan")
print(deque([nan]) == deque([nan]))

# + * += *=
d = deque([1, 2])
print(d + deque([3]), d * 3, 3 * d, d * 0, d * -1)
attempt("deque + list", lambda: d + [1])
attempt("list + deque", lambda: [1] + d)
attempt("deque * str", lambda: d * "a")
attempt("deque * float", lambda: d * 2.0)
d *= 2
print(d)
b = deque([1, 2], maxlen=5)
b *= 4
print(b)
s = deque([7], maxlen=3)
s *= 10
print(s)
s *= 0
print(s)
print(deque([1, 2], maxlen=3) * 2)

# iteration and mutation
d = deque(range(5))
print(list(d), list(reversed(d)), sorted(d, reverse=True))
it = iter(d)
print(next(it), it.__length_hint__())
d.append(5)
attempt("next after append", lambda: next(it))
attempt("next again", lambda: next(it))
it = iter(d)
d[0] = "same"
print(next(it))
d.reverse()
print(next(it))
rit = reversed(d)
print(next(rit))
d.pop()
attempt("reversed after pop", lambda: next(rit))
d = deque([1])
it = iter(d)
print(list(it))
d.append(2)
attempt("exhausted forward", lambda: next(it))
rit = reversed(d)
print(list(rit))
d.append(3)
attempt("exhausted reverse", lambda: next(rit))
try:
    d = deque(range(3))
    for x in d:
        d.append(x)
except RuntimeError as e:
    print("RuntimeError", e)


class Mutator:
    def __init__(self, d):
        self.d = d

    def __eq__(self, other):
        self.d.append(0)
        return False


d = deque([1, 2, 3])
attempt("count mutating", lambda: d.count(Mutator(d)))
d = deque([1, 2, 3])
attempt("contains mutating", lambda: Mutator(d) in d)

# __init__ again resets; pickling protocol; attributes
d = deque([1, 2, 3])
d.__init__([4], 2)
print(d, d.maxlen)
print(d.__reduce__()[:3], list(d.__reduce__()[3]))
print(deque([1, 2]).__reduce__()[:3])
print(deque[int], deque.__module__, type(iter(d)).__name__, type(reversed(d)).__name__)
print(type(iter(d)).__module__)
it = type(iter(d))(deque("abcd"), 2)
print(list(it))
attempt("hash", lambda: hash(deque()))
attempt("maxlen set", lambda: setattr(deque(), "maxlen", 3))

# argument errors
attempt("maxlen -1", lambda: deque(maxlen=-1))
attempt("maxlen str", lambda: deque(maxlen="a"))
attempt("maxlen float", lambda: deque(maxlen=1.5))
attempt("maxlen huge", lambda: deque(maxlen=2**70))
attempt("3 args", lambda: deque([], 1, 2))
attempt("bad kw", lambda: deque(foo=1))
attempt("dup kw", lambda: deque([1], iterable=2))
attempt("not iterable", lambda: deque(5))
attempt("append no arg", lambda: deque().append())
attempt("pop arg", lambda: deque([1]).pop(1))
attempt("pop empty", lambda: deque().pop())
attempt("popleft empty", lambda: deque().popleft())
attempt("rotate 2 args", lambda: deque().rotate(1, 2))
attempt("rotate str", lambda: deque().rotate("a"))
attempt("index no args", lambda: deque().index())
attempt("insert 1 arg", lambda: deque().insert(1))
attempt("count no args", lambda: deque().count())
attempt("extend int", lambda: deque().extend(1))
attempt("unbound on int", lambda: deque.append(1, 2))
attempt("new non-subtype", lambda: deque.__new__(int))
attempt("new no args", lambda: deque.__new__())

# A re-import shares the types
import sys
import _collections as first

del sys.modules["_collections"]
import _collections as second

print(first is second, first.deque is second.deque, second.deque([1, 2], 1))
print(repr(iter(second.deque())).split(" at ")[0])
print(deque([1], maxlen=2) * 2**62, deque([1, 2], maxlen=3) * 2**50)
attempt("type attr", lambda: deque.nope)
attempt("unbound on dict", lambda: deque.pop({}))

# Growth, shrinking after draining, and wrap-around under mixed operations
d = deque()
for i in range(5000):
    d.append(i)
s = 0
while d:
    s += d.popleft()
print(s, len(d))
d = deque(range(300))
for i in range(600):
    d.appendleft(d.pop())
    if i % 3 == 0:
        d.rotate(7)
print(sum(d), d[0], d[-1])
q = deque()
for i in range(100):
    q.extend(range(50))
    for _ in range(45):
        q.popleft()
print(len(q), q[0], q[-1], sum(q))
q2 = deque(range(200))
while len(q2) > 3:
    del q2[len(q2) // 2]
    q2.remove(q2[0])
print(q2)

# Comparisons that mutate or raise
class Appender:
    def __init__(self, d):
        self.d = d

    def __eq__(self, other):
        self.d.append(0)
        return False


class Setter:
    def __init__(self, d):
        self.d = d

    def __eq__(self, other):
        self.d[0] = "x"
        return False


class Boom:
    def __eq__(self, other):
        raise ValueError("boom")


d = deque([1, 2, 3])
attempt("remove mutating", lambda: d.remove(Appender(d)))
print(d)
d = deque([1, 2, 3])
attempt("index mutating", lambda: d.index(Appender(d)))
print(d)
d = deque([1, 2, 3])
try:
    d.remove(Setter(d))
except ValueError:
    print("remove setter: ValueError", d)
d = deque([1, 2, 3])
attempt("remove boom", lambda: d.remove(Boom()))
attempt("index boom", lambda: d.index(Boom()))
attempt("count setter", lambda: d.count(Setter(d)))
print(d)
d = deque([1, 2, 3])
attempt("eq mutating", lambda: deque([Appender(d)]) == deque([1]))
print(d)
d = deque([1, 2, 3])
it = iter(d)
next(it)
d[0] = 5
print(list(it))
for i in (-1, -2, -3):
    d = deque([1, 2, 3])
    d.insert(i, "a")
    print(d)
d = deque([1, 2, 3])
del d[-3]
print(d)

# Operations that leave an empty deque unchanged keep its iterators valid
for op in (lambda d: d.clear(), lambda d: d.rotate(3), lambda d: d.extend([]), lambda d: d.__imul__(5)):
    d = deque()
    it = iter(d)
    op(d)
    attempt("after no-op", lambda: next(it))
d = deque([1])
it = iter(d)
d *= 0
attempt("after *= 0", lambda: next(it))
