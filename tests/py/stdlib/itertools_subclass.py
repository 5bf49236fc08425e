# itertools: Python subclasses of the iterator types (slots, overridden methods, __new__).
import itertools as it
class S(it.count):
    __slots__ = ('a',)
s = S(5)
s.a = 3
print(s, s.a, next(s))
try:
    s.b = 1
except AttributeError as e:
    print('AttributeError', e)
class Doubler(it.count):
    def __next__(self):
        return super().__next__() * 2
d = Doubler(3)
print(next(d), list(it.islice(d, 3)), [x for _, x in zip(range(2), d)])
class Chatty(it.chain):
    def __init__(self, *args):
        print('init', args)
    def __iter__(self):
        print('iter called')
        return self
c = Chatty('ab', 'c')
print(list(c))
class WithNew(it.repeat):
    def __new__(cls, x):
        return super().__new__(cls, x, 2)
w = WithNew('q')
print(w, list(w), type(w).__name__)
class R(it.groupby):
    pass
print([(k, list(g)) for k, g in R('aab')])
class T(it.takewhile):
    def __repr__(self):
        return 'T!'
print(T(bool, [1, 0]), list(T(bool, [1, 0])))
print(isinstance(it.count(), it.count), issubclass(S, it.count), S.__mro__)
print(it.count.__base__, it.count.__bases__, it._tee.__base__)
m = it.count.__new__(S, 7)
print(type(m).__name__, m)
