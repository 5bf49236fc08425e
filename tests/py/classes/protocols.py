# __call__, iteration, containment, length/truth, item access.
class Adder:
    def __init__(self, n):
        self.n = n

    def __call__(self, x, scale=1):
        return (x + self.n) * scale


add5 = Adder(5)
print(add5(1), add5(1, scale=10), callable(add5), list(map(add5, [1, 2])))


class CountDown:
    def __init__(self, start):
        self.current = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1


print(list(CountDown(5)), sum(CountDown(4)), [x for x in CountDown(3)], 2 in CountDown(3))


class Seq:
    """Old-style sequence protocol via __getitem__ only."""

    def __getitem__(self, i):
        if i >= 4:
            raise IndexError(i)
        return i * 11


print(list(Seq()), 22 in Seq(), 23 in Seq(), list(reversed([*Seq()])), sorted(Seq(), reverse=True))


class Bag:
    def __init__(self, *items):
        self.items = list(items)

    def __len__(self):
        return len(self.items)

    def __contains__(self, x):
        print("  __contains__", x)
        return x in self.items

    def __iter__(self):
        return iter(self.items)

    def __getitem__(self, key):
        if isinstance(key, slice):
            return Bag(*self.items[key])
        return self.items[key]

    def __setitem__(self, key, value):
        self.items[key] = value

    def __delitem__(self, key):
        del self.items[key]

    def __reversed__(self):
        return iter(self.items[::-1])

    def __repr__(self):
        return "Bag%r" % (tuple(self.items),)


bag = Bag(1, 2, 3, 4)
print(len(bag), 3 in bag, 9 not in bag, bool(bag), bool(Bag()))
bag[0] = "first"
del bag[1]
print(bag, bag[1:], bag[-1], list(reversed(bag)), list(bag))


class Truthy:
    def __init__(self, v):
        self.v = v

    def __bool__(self):
        print("  __bool__")
        return self.v


class LenOnly:
    def __len__(self):
        return 0


print(bool(Truthy(True)), not Truthy(False), bool(LenOnly()), "yes" if LenOnly() else "no")
if Truthy(True) and Truthy(False):
    print("not printed")


class Grid:
    def __init__(self):
        self.cells = {}

    def __getitem__(self, pos):
        return self.cells.get(pos, ".")

    def __setitem__(self, pos, v):
        self.cells[pos] = v

    def __missing__(self, key):
        return "unused"


g = Grid()
g[0, 0] = "X"
g[1, 2] = "O"
print("".join(g[0, c] for c in range(3)), "".join(g[1, c] for c in range(3)), sorted(g.cells))


class DefaultDict(dict):
    def __missing__(self, key):
        self[key] = len(key)
        return self[key]


dd = DefaultDict(a=0)
print(dd["a"], dd["hello"], dd, dd.get("zz"))


class BadLen:
    def __len__(self):
        return -1


try:
    len(BadLen())
except ValueError as e:
    print("ValueError:", e)


class Indexer:
    def __index__(self):
        return 2


print([0, 1, 2, 3][Indexer()], "abcd"[Indexer():], (1, 2, 3)[Indexer()])
it = iter(Bag(7, 8))
print(next(it), next(it), next(it, "end"))
