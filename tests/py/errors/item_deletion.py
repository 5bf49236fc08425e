# The two wordings of "does not support item deletion" and CALL_FUNCTION_EX's callee names.
import math


class Plain:
    pass


class Seq:
    def __len__(self):
        return 0


for obj in ("abc", (1,), b"x", frozenset(), range(3), {}.keys(), 5, object(), iter([]), Plain(), Seq()):
    for key in (0, "k", True):
        try:
            del obj[key]
        except TypeError as e:
            print(type(obj).__name__, repr(key), "->", e)


class K:
    def m(self):
        pass

    def __call__(self, *a, **k):
        pass


def f(*a, **k):
    pass


for fn in (f, K.m, K().m, len, [].append, int, K, math.sqrt, lambda *a: 0, print):
    for call in (lambda: fn(*1), lambda: fn(**1)):
        try:
            call()
        except TypeError as e:
            print(e)
try:
    f(**{"a": 1}, **{"a": 2})
except TypeError as e:
    print(e)
