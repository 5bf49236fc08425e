# itertools: __reduce__ / __setstate__ (CPython 3.11's pickling support) of every type.
import itertools as it

def norm(x, depth=0):
    """A printable form of a reduce value: iterators by type name and contents."""
    if isinstance(x, tuple):
        return tuple(norm(v, depth + 1) for v in x)
    if isinstance(x, list):
        return [norm(v, depth + 1) for v in x]
    if isinstance(x, type):
        return x.__name__
    if type(x).__name__ == '_tee_dataobject':
        return '<_tee_dataobject>'
    if hasattr(x, '__next__') and depth > 0:
        return '<%s>' % type(x).__name__
    if callable(x):
        return getattr(x, '__name__', '?')
    return x

def show(label, obj):
    try:
        print(label, norm(obj.__reduce__()))
    except Exception as e:
        print(label, type(e).__name__, e)

def rebuild(obj):
    r = obj.__reduce__()
    new = r[0](*r[1])
    if len(r) > 2 and r[2] is not None:
        new.__setstate__(r[2])
    return new

c = it.cycle('abc')
show('cycle fresh', c)
next(c); show('cycle 1', c)
print(list(it.islice(rebuild(c), 7)))
for _ in range(4): next(c)
show('cycle replay', c)
r = rebuild(c); print(list(it.islice(r, 7)), list(it.islice(c, 7)))
c2 = it.cycle('xy'); c2.__setstate__((['p', 'q', 'r'], True)); print(list(it.islice(c2, 7)))
c3 = it.cycle(iter('xy')); c3.__setstate__((['p'], 0)); print(list(it.islice(c3, 7)))

a = it.accumulate([1, 2, 3, 4])
show('acc fresh', a); next(a); show('acc 1', a)
print(list(rebuild(a)), list(a))
a = it.accumulate([1, 2, 3], initial=10)
show('acc initial', a); print(list(rebuild(a)))
a = it.accumulate([None, 1, 2], lambda x, y: (x or 0) + y)
next(a); show('acc None total', a); print(list(rebuild(a)), list(a))
a = it.accumulate([1, 2, 3]); next(a); a.__setstate__(100); print(list(a))

ch = it.chain('ab', 'cd')
show('chain fresh', ch); next(ch); show('chain active', ch)
print(list(rebuild(ch)))
show('chain done', ch) if list(ch) is not None else None
ch = it.chain(); ch.__setstate__((iter(['uv', 'w']),)); print(list(ch))
ch = it.chain(); ch.__setstate__((iter(['uv']), iter('xy'))); print(list(ch))

for mk in [lambda: it.compress('abc', [1, 0, 1]), lambda: it.filterfalse(None, [0, 1]),
           lambda: it.starmap(pow, [(2, 3)]), lambda: it.dropwhile(bool, [1, 0, 1]),
           lambda: it.takewhile(bool, [1, 0])]:
    o = mk(); show(type(o).__name__, o); first = next(o, None); show('  after', o)
    print('  ', first, list(rebuild(o)))
d = it.dropwhile(bool, [1, 0, 2]); d.__setstate__(1); print(list(d))
tw = it.takewhile(bool, [1, 1]); tw.__setstate__([1]); print(list(tw))

s = it.islice('abcdefgh', 1, 7, 2)
show('islice', s); next(s); show('islice 1', s)
print(list(rebuild(s)))
s = it.islice('abcdefgh', 3); show('islice step1', s)
s = it.islice('abc', 5); list(s); show('islice done', s)
s = it.islice(iter('abcdefgh'), 2, 6); s.__setstate__(1); print(list(s))

z = it.zip_longest('ab', 'c', fillvalue='-')
show('zl', z); next(z); next(z); show('zl 2', z)
z = it.zip_longest('abc', 'de'); z.__setstate__('*'); print(list(z))

g = it.groupby('aabbc')
show('groupby fresh', g); k, gr = next(g); show('groupby 1', g); show('grouper', gr)
next(g); show('old grouper', gr)
g = it.groupby('aab'); g.__setstate__(('x', 'y', 'z')); print(next(g)[0])

t1, t2 = it.tee('abc')
show('tee', t1); next(t1); show('tee 1', t1)
print(norm(t1.__reduce__()[2][0].__reduce__()))
t3 = rebuild(t1); print(list(t3), list(t1), list(t2))

p = it.product('ab', 'cd')
show('product fresh', p); next(p); next(p); show('product 2', p)
print(list(rebuild(p)))
list(p); show('product done', p)
p = it.product('abc', 'xyz'); p.__setstate__((1, 5)); print(list(p))
p = it.product('abc', 'xyz'); p.__setstate__((-4, 1)); print(list(p))

for cls in (it.combinations, it.combinations_with_replacement, it.permutations):
    o = cls('abcd', 2)
    show(cls.__name__, o); next(o); next(o); show('  2', o)
    print('  ', list(rebuild(o)) == list(o))
    o = cls('ab', 3); list(o); show('  done', o)
c = it.combinations('abcde', 3); c.__setstate__((1, 9, -2)); print(list(c))
c = it.combinations_with_replacement('abc', 2); c.__setstate__((1, 7)); print(list(c))
pm = it.permutations('abcd', 2); pm.__setstate__(((3, 2, 1, 0), (1, 9))); print(list(pm))
print(it.count(3).__reduce__(), it.repeat('a', 2).__reduce__())

errs = ["it.cycle('a').__setstate__()", "it.cycle('a').__setstate__(1)", "it.cycle('a').__setstate__((1,2))",
    "it.cycle('a').__setstate__(([],2,3))", "it.cycle('a').__setstate__(([],'x'))", "it.cycle('a').__setstate__(([], 2**40))",
    "it.tee('a')[0].__setstate__((1,2))", "it.tee('a')[0].__setstate__(1)", "it.islice('a',1).__setstate__('x')",
    "it.chain().__setstate__((1,))", "it.chain().__setstate__(1)", "it.chain().__setstate__(())",
    "it.product('ab').__setstate__(1)", "it.product('ab').__setstate__(('x',))", "it.permutations('ab').__setstate__(1)",
    "it.permutations('ab').__setstate__(((0,1),(1,)))", "it.permutations('ab').__setstate__(((0,'a'),(1,1)))",
    "it.groupby('a').__setstate__(1)", "it.groupby('a').__setstate__((1,2))", "it.repeat(1).__length_hint__(2)",
    "it.tee('a')[0].__copy__(1)", "it.combinations('ab',1).__setstate__(('x',))", "it.combinations('ab',1).__setstate__((2**70,))",
    "it.count().__reduce__(1)", "it.tee('a')[0].__setstate__((it.tee('a')[0].__reduce__()[2][0], 99))",
    "it.tee('a')[0].__setstate__((it.tee('a')[0].__reduce__()[2][0], -1))", "it._tee_dataobject(iter('a'), [1]*58, None)",
    "it._tee_dataobject(iter('a'), [], 5)", "it._grouper(it.groupby('a'), 1).__reduce__()[0]",
    "it.islice('a', 1).__setstate__(2**70)"]
for e in errs:
    try:
        print(e, '->', norm(eval(e)))
    except Exception as ex:
        print(e, '!!', type(ex).__name__, ex)
