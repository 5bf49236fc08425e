# Mapping and sequence patterns: what counts as a mapping or a sequence, how keys are
# looked up (`get` with a default, never `__getitem__`), **rest, duplicate keys, and len().


def kind(v):
    match v:
        case {}:
            return "mapping"
        case []:
            return "empty sequence"
        case [*_]:
            return "sequence"
        case _:
            return "neither"


class SubDict(dict):
    pass


class SubList(list):
    pass


class JustGetitem:
    def __getitem__(self, i):
        return i


for v in [{}, {1: 2}, SubDict(), [], [1], (), (1, 2), range(3), range(0), SubList([1]),
          "str", b"bytes", bytearray(b"x"), {1, 2}, frozenset(), 5, None, 1.5, JustGetitem(),
          iter([1]), {}.keys(), {}.items()]:
    print(type(v).__name__, kind(v))


class Tracing(dict):
    def get(self, key, default=None):
        print("  get", repr(key))
        return super().get(key, default)

    def __getitem__(self, key):
        print("  __getitem__ (not used by patterns)")
        return super().__getitem__(key)


match Tracing(a=1, b=2):
    case {"a": 1, "c": _}:
        print("wrong")
    case {"a": x, "b": y}:
        print("matched via get:", x, y)

class Missing(dict):
    def __missing__(self, key):
        print("  __missing__ (not used by patterns)")
        self[key] = "made"
        return "made"


md = Missing()
match md:
    case {"missing": _}:
        print("wrong")
    case _:
        print("__missing__ dict unchanged:", dict(md))

match {"a": 1, "b": 2, "c": 3}:
    case {"a": 1, **rest}:
        print("rest:", rest, type(rest).__name__)
match {"k": None}:
    case {"k": None}:
        print("None value matched")
match {}:
    case {**rest}:
        print("empty rest", rest)


class K:
    A = "a"
    B = "a"


def dup_keys():
    match {"a": 1, "b": 2}:
        case {K.A: 1, K.B: 2}:
            return "?"


try:
    dup_keys()
except ValueError as e:
    print("ValueError:", e)


def unhashable_key():
    class H:
        key = []
    match {"a": 1}:
        case {H.key: 1}:
            return "?"


try:
    unhashable_key()
except TypeError as e:
    print("TypeError:", e)


def seqs(v):
    match v:
        case [a, b, *rest] if rest:
            return "at least three: %r %r %r" % (a, b, rest)
        case [a, b]:
            return "pair %r %r" % (a, b)
        case [*init, last]:
            return "init %r last %r" % (init, last)
        case _:
            return "other"


for v in [[1, 2, 3, 4], (5, 6), range(1, 4), [9], "ab", [[1, 2]], iter([1, 2]), [], {1: 2}]:
    print(seqs(v))


class Sized(list):
    def __len__(self):
        print("  len called")
        return super().__len__()


match Sized([1, 2]):
    case [x, y]:
        print("sized pair", x, y)

match [1, [2, [3, [4]]]]:
    case [a, [b, [c, [d]]]]:
        print("nested", a, b, c, d)
match ({"x": [1, {"y": (2, 3)}]},):
    case ({"x": [_, {"y": (p, q)}]},):
        print("mixed nesting", p, q)
