import pickle, copy, dataclasses, collections
class A:
    def __init__(self, x): self.x = x
    def __eq__(self, o): return type(o) is A and o.x == self.x
@dataclasses.dataclass
class D:
    a: int
    b: list
P = collections.namedtuple("P", "x y")
for obj in [A(1), D(1, [2]), P(1, 2), {"k": [1, (2, 3)], "s": {4}}, collections.OrderedDict(a=1), collections.deque([1, 2]), collections.Counter("aab"), 10**30, 1.5, "é", b"x", None, True, frozenset({1})]:
    for proto in (0, 2, 5):
        r = pickle.loads(pickle.dumps(obj, proto))
        assert r == obj or (isinstance(obj, A) and r.x == obj.x), (obj, proto, r)
print("pickle ok")
print(copy.deepcopy(D(1, [2])), copy.copy(A(3)).x)
class S:
    __slots__ = ("a", "b")
    def __init__(self): self.a = 1; self.b = 2
s2 = pickle.loads(pickle.dumps(S(), 2)); print(s2.a, s2.b)
import copyreg
class G:
    def __init__(self): self.v = [1]
    def __getstate__(self): return {"v": self.v, "extra": 1}
    def __setstate__(self, s): self.__dict__.update(s)
g2 = pickle.loads(pickle.dumps(G())); print(g2.v, g2.extra)
class N(int):
    def __new__(cls, v, tag): o = int.__new__(cls, v); o.tag = tag; return o
    def __getnewargs__(self): return (int(self), self.tag)
n2 = pickle.loads(pickle.dumps(N(5, "t"), 2)); print(n2, n2.tag, type(n2).__name__)
print(object().__reduce_ex__(2)[0].__name__, A(1).__reduce__()[0].__name__, A(2).__getstate__())
import _thread
try: pickle.dumps(_thread.allocate_lock())
except TypeError as e: print("TypeError", e)
print(pickle.loads(pickle.dumps(len)) is len, pickle.loads(pickle.dumps([].append.__self__ if False else max)) is max)
