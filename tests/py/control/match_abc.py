# Mapping and sequence patterns over collections.abc classes and collections types.
import collections
import collections.abc


class SeqABC(collections.abc.Sequence):
    def __getitem__(self, i):
        if i >= 2:
            raise IndexError(i)
        return i * 10

    def __len__(self):
        return 2


class MapABC(collections.abc.Mapping):
    def __getitem__(self, k):
        return {"a": 1}[k]

    def __iter__(self):
        return iter(["a"])

    def __len__(self):
        return 1


class MutMap(collections.abc.MutableMapping):
    def __init__(self):
        self.d = {}

    def __getitem__(self, k):
        return self.d[k]

    def __setitem__(self, k, v):
        self.d[k] = v

    def __delitem__(self, k):
        del self.d[k]

    def __iter__(self):
        return iter(self.d)

    def __len__(self):
        return len(self.d)


class Both(SeqABC, MapABC):
    pass


def kind(v):
    match v:
        case {}:
            return "mapping"
        case [*_]:
            return "sequence"
        case _:
            return "neither"


for v in [SeqABC(), MapABC(), MutMap(), Both(), collections.OrderedDict(a=1),
          collections.defaultdict(int), collections.Counter("aab"), collections.ChainMap(),
          collections.UserDict(), collections.UserList(), collections.namedtuple("P", "x y")(1, 2),
          collections.deque([1])]:
    print(type(v).__name__, kind(v))

match SeqABC():
    case [a, b]:
        print("abc sequence", a, b)
m = MutMap()
m["k"] = "v"
match m:
    case {"k": v, **rest}:
        print("abc mapping", v, rest)
dd = collections.defaultdict(list)
match dd:
    case {"missing": _}:
        print("wrong")
    case _:
        print("defaultdict unchanged:", dict(dd))
P = collections.namedtuple("P", "x y")
match P(1, 2):
    case P(x, y):
        print("namedtuple positional", x, y)
match P(3, 4):
    case (a, b):
        print("namedtuple as sequence", a, b)
