# itertools: argument validation, CPython's exact messages, and exceptions raised by the
# callables and iterators the iterators wrap.
import itertools as it

cases = [
    "it.count(1,2,3)", "it.count('a')", "it.count(1,'a')", "it.count(x=1)",
    "it.count(start=1, step=2, x=3)", "it.count(1, start=2)", "it.count(None)",
    "it.cycle()", "it.cycle(1)", "it.cycle([1],[2])", "it.cycle(x=[1])",
    "it.repeat()", "it.repeat(1,2,3)", "it.repeat(1,'a')", "it.repeat(1, 2.0)",
    "it.repeat(1, x=2)", "it.repeat(1,2**70)", "it.repeat(1, object=2)", "it.repeat(times=2)",
    "it.accumulate()", "it.accumulate(1)", "it.accumulate([1],None,2)", "it.accumulate([1],x=2)",
    "it.accumulate([1],None,initial=1,func=None)", "it.accumulate(func=max)",
    "it.chain(x=1)", "it.chain.from_iterable()", "it.chain.from_iterable(1,2)",
    "it.chain.from_iterable(x=1)", "list(it.chain(1))", "list(it.chain.from_iterable([1]))",
    "list(it.chain.from_iterable(5))",
    "it.compress()", "it.compress([1])", "it.compress(1,[1])", "it.compress([1],1)",
    "it.compress([1],[1],[1])", "it.compress([1], data=[2])",
    "it.dropwhile()", "it.dropwhile(None)", "it.dropwhile(None,1)", "it.dropwhile(None,[1],x=1)",
    "it.dropwhile(1,2,3)", "list(it.dropwhile(None,[1]))", "list(it.dropwhile(len,[1]))",
    "it.takewhile(None)", "it.takewhile(None,1)", "it.takewhile(None,[1],x=1)",
    "list(it.takewhile(5,[1]))",
    "it.filterfalse()", "it.filterfalse(None)", "it.filterfalse(None,1)",
    "it.filterfalse(None,[1],x=1)", "list(it.filterfalse(len,[1]))",
    "it.groupby()", "it.groupby(1)", "it.groupby([1],None,3)", "it.groupby([1],x=1)",
    "list(it.groupby([1],5))",
    "it.islice()", "it.islice([1])", "it.islice(1,2)", "it.islice([1],-1)", "it.islice([1],-5)",
    "it.islice([1],'a')", "it.islice([1],1,'a')", "it.islice([1],'a',2)", "it.islice([1],1,2,0)",
    "it.islice([1],1,2,-1)", "it.islice([1],1,2,'a')", "it.islice([1],1,2,3,4)",
    "it.islice([1],stop=1)", "it.islice([1],2**70)", "it.islice([1],-1,2)", "it.islice([1],1.0)",
    "it.islice([1],2**63)", "it.islice([1],2**63,None)", "it.islice([1],0,None,2**63)",
    "it.islice(1, 'a')", "it.islice(1, 1)",
    "it.pairwise()", "it.pairwise(1)", "it.pairwise([1],[2])", "it.pairwise(iterable=[1])",
    "it.starmap()", "it.starmap(None)", "it.starmap(None,1)", "list(it.starmap(None,[1]))",
    "it.starmap(None,[1],x=1)", "list(it.starmap(None,[()]))", "list(it.starmap(len,[(1,2)]))",
    "it.tee()", "it.tee(1)", "it.tee([1],-1)", "it.tee([1],'a')", "it.tee([1],2,3)",
    "it.tee([1],n=2)", "it.tee([1], 2**70)", "it.tee(1, -1)",
    "it.zip_longest(1)", "it.zip_longest([1],x=1)", "it.zip_longest([1],fillvalue=1,x=2)",
    "it.zip_longest([1], 2, 3)",
    "it.product(1)", "it.product([1],repeat=-1)", "it.product([1],repeat='a')",
    "it.product([1],x=1)", "it.product([1], repeat=1, x=2)", "it.product([1], repeat=2**70)",
    "it.product([1], [2], repeat=2**61)", "it.product([1], 2, repeat=2)",
    "it.permutations()", "it.permutations(1)", "it.permutations([1],-1)",
    "it.permutations([1],'a')", "it.permutations([1],x=1)", "it.permutations([1],1,2)",
    "it.permutations([1],2**70)", "it.permutations([1],1.0)", "it.permutations(1,'a')",
    "it.permutations([1], r=1, iterable=2)",
    "it.combinations()", "it.combinations([1])", "it.combinations([1],-1)",
    "it.combinations([1],'a')", "it.combinations(1,1)", "it.combinations([1],r=1,x=1)",
    "it.combinations([1],2**70)", "it.combinations(1,'a')", "it.combinations(1,-1)",
    "it.combinations([1], 1.5)",
    "it.combinations_with_replacement([1])", "it.combinations_with_replacement([1],-1)",
    "it.combinations_with_replacement([1],None)", "it.combinations_with_replacement(x=1)",
    "it._grouper(1,2)", "it._grouper()", "it._tee(1)", "it._tee()", "it._tee_dataobject()",
    "it._tee_dataobject(1,2,3)",
    "next(it.repeat(1,0))", "it.count.__new__(1)", "it.count.__new__(int)",
    "it.count.__new__()", "it.product.__new__(list)", "it.chain.from_iterable.__self__",
    "it.count().__next__(1)", "it.cycle('a').__iter__(2)",
]
for c in cases:
    try:
        r = eval(c)
        print(c, '->', repr(r)[:60] if not hasattr(r, '__next__') else type(r).__name__)
    except Exception as e:
        print(c, '!!', type(e).__name__, e)

print('--- types that are not base types')
for name in ['_grouper', '_tee', '_tee_dataobject']:
    try:
        type('X', (getattr(it, name),), {})
    except TypeError as e:
        print(e)

print('--- exceptions from callables propagate')
def bad(*a):
    raise ValueError('bad %r' % (a,))

for mk in [lambda: it.accumulate([1, 2], bad), lambda: it.dropwhile(bad, [1]),
           lambda: it.takewhile(bad, [1]), lambda: it.filterfalse(bad, [1]),
           lambda: it.starmap(bad, [(1,)]), lambda: it.groupby([1], bad)]:
    obj = mk()
    try:
        print(list(obj))
    except ValueError as e:
        print(type(obj).__name__, 'ValueError', e)

class BadEq:
    def __eq__(self, other):
        raise ArithmeticError('no eq')
    __hash__ = None

gb = it.groupby([BadEq(), BadEq()])
k, g = next(gb)
try:
    print(list(g))
except ArithmeticError as e:
    print('ArithmeticError', e)

class BadBool:
    def __bool__(self):
        raise LookupError('no bool')

try:
    list(it.compress([1], [BadBool()]))
except LookupError as e:
    print('LookupError', e)
try:
    list(it.filterfalse(None, [BadBool()]))
except LookupError as e:
    print('LookupError', e)

print('--- count with odd numbers')
class Num:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        return Num(self.v + (o.v if isinstance(o, Num) else o))
    def __float__(self):
        return float(self.v)
    def __repr__(self):
        return 'Num(%r)' % self.v

c = it.count(Num(1), Num(2))
print(c, next(c), next(c), c)
c = it.count(Num(1))
print(c, next(c), c)
try:
    next(it.count('a' == 'a', []) if False else it.count(1, 1j))
except TypeError as e:
    print(e)
c = it.count(1, 1j)
print(next(c), next(c), c)

print('--- __class__ assignment keeps native state consistent')
class A(it.count): pass
class B(it.cycle): pass
class A2(it.count): pass
class P(it.product): pass
a = A()
for target in (B, P, A2, it.count):
    try:
        a.__class__ = target
        print('assigned', target.__name__, next(a), a)
    except TypeError as e:
        print('TypeError', e)
try:
    it.count().__class__ = A
except TypeError as e:
    print('TypeError', e)

print('--- StopIteration raised by a callable ends the iteration')
print(list(it.starmap(next, [(iter([1]),), (iter([]),), (iter([3]),)])))
for x in it.starmap(next, [(iter([1]),), (iter([]),)]):
    print('for', x)
def stop(*a):
    raise StopIteration('x')
print(list(it.accumulate([1, 2, 3], stop)), list(it.dropwhile(stop, [1, 2])), list(it.groupby([1, 2], stop)))
print(sorted(it.filterfalse(stop, [1])), tuple(it.takewhile(stop, [1])))
g = it.starmap(next, [(iter([]),), (iter([5]),)])
print(list(g), list(g))
s = it.starmap(next, [(iter([]),), (iter([5]),)])
try:
    s.__next__()
except StopIteration as e:
    print('StopIteration', repr(e))
print(next(s))
print(sum(it.starmap(next, [(iter([4]),), (iter([]),)])))
