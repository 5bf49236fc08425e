# itertools: the infinite iterators and those over iterables (results, reprs, laziness).
import itertools
from itertools import (count, cycle, repeat, accumulate, chain, compress, dropwhile,
                       filterfalse, groupby, islice, pairwise, starmap, takewhile, tee,
                       zip_longest)


def take(n, it):
    return list(islice(it, n))


class Noisy:
    """An iterator that reports every item pulled from it."""
    def __init__(self, items, name='src'):
        self.items = list(items)
        self.name = name
        self.i = 0
    def __iter__(self):
        return self
    def __next__(self):
        if self.i >= len(self.items):
            print('  ', self.name, 'exhausted')
            raise StopIteration
        v = self.items[self.i]
        self.i += 1
        print('  ', self.name, 'pulled', v)
        return v


print('--- module')
print(sorted(n for n in dir(itertools) if not n.startswith('__')))
print(itertools.count.__module__, itertools.count.__name__, type(itertools.tee).__name__)
for name in ['count', 'cycle', 'repeat', 'accumulate', 'chain', 'compress', 'dropwhile',
             'filterfalse', 'groupby', 'islice', 'pairwise', 'starmap', 'takewhile',
             'zip_longest', 'product', 'permutations', 'combinations',
             'combinations_with_replacement', '_grouper', '_tee', '_tee_dataobject']:
    ty = getattr(itertools, name)
    print(name, repr(ty), ty.__module__, ty.__name__)

print('--- count')
c = count()
print(c, next(c), next(c), c)
print(take(4, count(10)), take(4, count(10, 3)), take(4, count(-2, -1)))
print(count(5), count(1.5, 0.5), count(start=3, step=-1), count(step=2), count(start=7))
print(take(4, count(1.5, 0.5)), take(3, count(0.1, 0.1)))
print(count(True), take(2, count(True)), count(True, 2), take(2, count(True, 2)))
print(count(0, True), count(2, 1.0), take(3, count(2, 1.0)))
print(count(2 ** 70), take(2, count(2 ** 70)), count(1, 2 ** 70), take(3, count(1, 2 ** 70)))
c = count(2 ** 62 - 2)
print([next(c) for _ in range(4)], c)
c = count(2 ** 63 - 2)
print([next(c) for _ in range(4)], c)
c = count(-2 ** 62 + 1, -1)
print([next(c) for _ in range(3)], c)
print(count(1j), take(3, count(1j, 1 + 1j)))
print(count(5).__reduce__(), count(5, 2).__reduce__(), count(1.5).__reduce__())
c = count(3)
print(iter(c) is c, type(c).__name__)

class MyCount(count):
    pass

mc = MyCount(3, 2)
print(mc, next(mc), mc, type(mc).__name__, isinstance(mc, count))
print(MyCount(4), MyCount())

print('--- cycle')
print(take(8, cycle('abc')), take(3, cycle([])), list(cycle([])))
src = Noisy('ab')
cy = cycle(src)
print('created')
print(take(5, cy))
print(take(3, cycle(range(1))))

print('--- repeat')
print(repeat('a', 3), list(repeat('a', 3)), take(3, repeat(None)), repeat([1, 2]))
print(list(repeat(1, 0)), list(repeat(1, -5)), repeat(1, -5), repeat(1, times=-1))
print(repeat(object=5, times=2), list(repeat(object=5, times=2)), repeat(5))
r = repeat('x', 4)
print(r.__length_hint__(), next(r), r.__length_hint__(), r)
print(repeat(2, 3).__reduce__(), repeat(2).__reduce__())
try:
    repeat(1).__length_hint__()
except TypeError as e:
    print('TypeError', e)
print(list(map(pow, range(5), repeat(2))))

class MyRepeat(repeat):
    pass

print(MyRepeat('z', 2), list(MyRepeat('z', 2)))

print('--- accumulate')
print(list(accumulate([1, 2, 3, 4, 5])), list(accumulate([])), list(accumulate([7])))
print(list(accumulate([1, 2, 3], initial=100)), list(accumulate([], initial=100)))
print(list(accumulate([3, 4, 6, 2, 1, 9, 0, 7, 5, 8], max)))
print(list(accumulate([3, 4, 6, 2], func=min)), list(accumulate('abc')))
print(list(accumulate([1, 2, 3], lambda a, b: a * b, initial=1)))
print(list(accumulate(iterable=[1, 2], func=None, initial=None)))
print(list(accumulate([[1], [2], [3]])), list(accumulate([1.5, 2, 3j])))
print(list(accumulate([2, 3, 4], None)))

print('--- chain')
print(list(chain()), list(chain('abc', [1, 2], (), range(2))), list(chain([])))
print(list(chain.from_iterable(['ab', '', 'cd'])), list(chain.from_iterable([])))
src = Noisy(['ab', 'c'], 'outer')
ch = chain.from_iterable(src)
print('created')
print(next(ch))
print(list(ch))
ch = chain([1], 5, [2])
print(next(ch))
try:
    next(ch)
except TypeError as e:
    print('TypeError', e)
print(list(ch))
print(chain[int])

class MyChain(chain):
    pass

print(type(MyChain.from_iterable(['ab'])).__name__, list(MyChain.from_iterable(['ab'])))
print(list(MyChain('a', 'b')))

print('--- compress')
print(list(compress('ABCDEF', [1, 0, 1, 0, 1, 1])), list(compress('ABC', [1, 1, 1, 1, 1])))
print(list(compress('ABCDE', [0, 1])), list(compress(data=range(5), selectors=cycle([0, 1]))))
print(list(compress([], [])), list(compress(range(3), [[], [0], '', 'x'])))

print('--- dropwhile / takewhile / filterfalse')
print(list(dropwhile(lambda x: x < 5, [1, 4, 6, 4, 1])), list(dropwhile(bool, [1, 0, 2])))
print(list(takewhile(lambda x: x < 5, [1, 4, 6, 4, 1])), list(takewhile(bool, [])))
print(list(filterfalse(lambda x: x % 2, range(10))), list(filterfalse(None, [0, 1, '', 'a', None])))
print(list(filterfalse(bool, [0, 3, [], [1]])))
tw = takewhile(lambda x: x < 3, Noisy([1, 2, 3, 4]))
print(list(tw), list(tw))
dw = dropwhile(lambda x: x < 3, Noisy([1, 2, 3, 1]))
print(next(dw), list(dw))

print('--- starmap')
print(list(starmap(pow, [(2, 5), (3, 2), (10, 3)])), list(starmap(max, [[1, 2], 'ab', range(3)])))
print(list(starmap(lambda *a: a, [(), (1,), [1, 2]])))
print(list(starmap(len, [['abc'], ('de',)])))

print('--- pairwise')
print(list(pairwise('ABCDEFG')), list(pairwise('a')), list(pairwise('')), list(pairwise(range(3))))
pw = pairwise(Noisy([1, 2, 3]))
print(next(pw))
print(list(pw), list(pw))

print('--- islice')
s = 'ABCDEFG'
print(list(islice(s, 2)), list(islice(s, 2, 4)), list(islice(s, 2, None)), list(islice(s, 0, None, 2)))
print(list(islice(s, None)), list(islice(s, None, None, None)), list(islice(s, 1, 100, 3)))
print(list(islice(s, 0)), list(islice(s, 5, 2)), list(islice(count(), 3, 20, 5)))
print(list(islice(range(10), True)), list(islice(range(10), 2 ** 63 - 1)))
print(list(islice(range(3), 2 ** 63 - 1, None)), list(islice(range(10), 0, None, 2 ** 63 - 1)))
src = Noisy(range(10))
isl = islice(src, 1, 6, 2)
print(next(isl))
print(list(isl))
print(src.i)
it = iter(range(10))
print(list(islice(it, 3)), next(it), list(islice(it, 2, 4)), next(it))

class Idx:
    def __index__(self):
        return 2

print(list(islice('abcdef', Idx())), list(islice('abcdef', Idx(), None, Idx())))

print('--- zip_longest')
print(list(zip_longest('ABCD', 'xy', fillvalue='-')), list(zip_longest('ab', 'xyz')))
print(list(zip_longest()), list(zip_longest('ab')), list(zip_longest([], [])))
print(list(zip_longest('a', 'bcd', range(2), fillvalue=0)))
zl = zip_longest(Noisy([1, 2], 'A'), Noisy([3], 'B'))
print(next(zl))
print(next(zl))
print(list(zl), list(zl))

print('--- groupby')
print([k for k, g in groupby('AAAABBBCCDAABBB')])
print([list(g) for k, g in groupby('AAAABBBCCD')])
print([(k, list(g)) for k, g in groupby([1, 3, 5, 2, 4, 7], key=lambda x: x % 2)])
print(list(groupby([])), [(k, list(g)) for k, g in groupby('a')])
gb = groupby('aabbc')
k1, g1 = next(gb)
k2, g2 = next(gb)
print(k1, list(g1), k2, list(g2))
gb = groupby('aabbcc')
k1, g1 = next(gb)
print(k1, next(g1))
k2, g2 = next(gb)
print(k2, list(g1), next(g2), list(g2))
print(type(g2).__name__, iter(g2) is g2)
data = [('a', 1), ('a', 2), ('b', 3), ('a', 4)]
print([(k, [v for _, v in g]) for k, g in groupby(data, lambda p: p[0])])
print([(k, len(list(g))) for k, g in groupby([1.0, 1, True, 2, 2.0])])
gb = groupby(Noisy('aab'))
print('created')
k, g = next(gb)
print(k)
print(list(g))
gb = groupby('aab')
k, g = next(gb)
g2 = itertools._grouper(gb, 'a')
print(list(g), list(g2))

print('--- tee')
a, b = tee(range(5))
print(type(a).__name__, type(a) is type(b), iter(a) is a)
print(next(a), next(a), list(b), list(a))
print(tee('abc', 0), len(tee('abc', 3)), [list(x) for x in tee('abc', 3)])
print([list(x) for x in tee(1, 0)], tee([], 1)[0].__class__.__name__)
src = Noisy('abc')
a, b = tee(src)
print('created')
print(next(a), next(a))
print(next(b), list(b), list(a))
a, b = tee(range(200))
print(sum(a), list(b)[-3:])
a, b = tee(iter(range(300)))
print(list(islice(a, 100, 103)), list(islice(b, 150, 153)), next(a), next(b))
a, b = tee('xyz')
c, d = tee(a)
print(list(c), list(d), list(b), list(a))
a, = tee('pqr', 1)
e = a.__copy__()
print(next(a), list(e), list(a))
t = itertools._tee('mn')
t2 = itertools._tee(t)
print(next(t), list(t2), list(t))

class CopyIt:
    def __init__(self):
        self.n = 0
    def __iter__(self):
        return self
    def __next__(self):
        self.n += 1
        return self.n
    def __copy__(self):
        print('  copied')
        return CopyIt()

x, y, z = tee(CopyIt(), 3)
print(type(x).__name__, next(x), next(y), next(x))

gen_src = []

def gen():
    for i in range(3):
        yield next(tees[0]) if gen_src else i

tees = tee(gen())
gen_src.append(1)
try:
    next(tees[0])
except RuntimeError as e:
    print('RuntimeError', e)
except ValueError as e:
    print('ValueError', e)

print('--- laziness and exhaustion')
for mk in [lambda s: cycle(s), lambda s: accumulate(s), lambda s: chain(s),
           lambda s: compress(s, repeat(1)), lambda s: dropwhile(bool, s),
           lambda s: filterfalse(bool, s), lambda s: islice(s, 5),
           lambda s: pairwise(s), lambda s: starmap(str, zip(s)),
           lambda s: takewhile(bool, s), lambda s: zip_longest(s), lambda s: groupby(s)]:
    src = Noisy([0, 0], 'lazy')
    obj = mk(src)
    print(type(obj).__name__, src.i)

def boom():
    yield 1
    raise KeyError('boom')

for mk in [chain, accumulate, pairwise, lambda s: islice(s, 5), zip_longest,
           lambda s: compress(s, count(1)), lambda s: starmap(str, zip(s))]:
    obj = mk(boom())
    try:
        print(type(obj).__name__, list(obj))
    except KeyError as e:
        print(type(obj).__name__, 'KeyError', e)
    print('  then', list(obj))

print('--- default reprs name the module')
print(repr(cycle('a')).split(' at ')[0], repr(tee('a')[0]).split(' at ')[0])
print(repr(groupby('a')).split(' at ')[0], repr(next(groupby('a'))[1]).split(' at ')[0])
print(repr(itertools.product('a')).split(' at ')[0], repr(MyChain()).split(' at ')[0])
print(repr(tee('a')[0]._tee_dataobject if hasattr(tee('a')[0], '_tee_dataobject') else 'no attr'))

print('--- docstrings')
print(itertools.__doc__)
for name in sorted(dir(itertools)):
    obj = getattr(itertools, name)
    if isinstance(obj, type) and not name.startswith('__'):
        print(name, repr(obj.__doc__))
print(MyCount.__doc__)
