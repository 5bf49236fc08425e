import enum, functools, collections, operator, copy, weakref, abc, types, itertools
class Color(enum.Enum):
    RED = 1
    GREEN = 2
    BLUE = 3
class Perm(enum.IntFlag):
    R = 4
    W = 2
    X = 1
class S(enum.StrEnum):
    A = enum.auto()
    B = enum.auto()
print(list(Color), Color(2), Color['BLUE'], Color.RED.name, Color.RED.value, len(Color))
print(Perm.R | Perm.W, (Perm.R | Perm.W).value, Perm(7), Perm.R in (Perm.R | Perm.X), list(S), S.A == 'a')
print(repr(Perm(0)), enum.unique(Color) is Color)
Point = collections.namedtuple('Point', 'x y')
p = Point(1, 2)
print(p, p._replace(x=5), p._asdict(), Point._fields, p.x + p.y)
c = collections.Counter('abracadabra')
print(c.most_common(3), sorted(c.elements())[:5], c['z'])
od = collections.OrderedDict(a=1, b=2); od.move_to_end('a'); print(od, list(od))
dq = collections.deque([1, 2, 3], maxlen=3); dq.append(4); print(dq)
dd = collections.defaultdict(list); dd['k'].append(1); print(dd)
cm = collections.ChainMap({'a': 1}, {'a': 2, 'b': 3}); print(cm['a'], cm['b'], len(cm))
@functools.lru_cache(maxsize=None)
def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80), fib.cache_info().hits > 0)
print(functools.reduce(operator.mul, range(1, 10)), functools.partial(pow, 2)(10))
@functools.total_ordering
class V:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return self.v == o.v
    def __lt__(self, o): return self.v < o.v
print(V(1) <= V(2), V(3) >= V(2), sorted([V(3), V(1)], key=functools.cmp_to_key(lambda a, b: a.v - b.v))[0].v)
print(copy.deepcopy({'a': [1, {'b': 2}]}), copy.copy([1, 2]))
class Base(abc.ABC):
    @abc.abstractmethod
    def m(self): ...
try: Base()
except TypeError as e: print(e)
print(list(itertools.islice(itertools.count(10), 3)), operator.itemgetter(1, 0)('ab'), operator.attrgetter('real')(3))
