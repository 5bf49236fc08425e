# yield from: delegation, return values, send/throw passthrough.
def inner():
    x = yield "inner-1"
    print("inner got", x)
    y = yield "inner-2"
    print("inner got", y)
    return "inner-result"


def outer():
    r = yield from inner()
    print("outer got result", r)
    yield "outer-after"
    return "outer-result"


g = outer()
print(next(g))
print(g.send("A"))
print(g.send("B"))
try:
    g.send("C")
except StopIteration as e:
    print("outer returned", e.value)


def chain(*iterables):
    for it in iterables:
        yield from it


print(list(chain([1, 2], "ab", range(3), (x * 10 for x in range(2)))))


def tree(n):
    if n:
        yield from tree(n - 1)
        yield n
        yield from tree(n - 1)


print(list(tree(3)))


def handler():
    try:
        yield 1
        yield 2
    except KeyError as e:
        print("handler caught", repr(e))
        yield "handled"
    finally:
        print("handler finally")


def delegator():
    yield from handler()
    yield "delegator-end"


d = delegator()
print(next(d))
print(d.throw(KeyError("k")))
print(next(d))
d2 = delegator()
next(d2)
d2.close()
print("closed d2")


def returns_only():
    return 5
    yield


def take_return():
    v = yield from returns_only()
    yield v


print(list(take_return()))


class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n


def from_iterator():
    result = yield from Countdown(3)
    yield ("result", result)


print(list(from_iterator()))


def accumulate():
    total = 0
    while True:
        v = yield
        if v is None:
            return total
        total += v


def collect(results):
    while True:
        results.append((yield from accumulate()))


results = []
c = collect(results)
next(c)
for batch in [[1, 2, 3], [10, 20]]:
    for v in batch:
        c.send(v)
    c.send(None)
print(results)
