# itertools: product, permutations, combinations, combinations_with_replacement.
from itertools import (product, permutations, combinations,
                       combinations_with_replacement as cwr, islice, count)


class Noisy:
    def __init__(self, items):
        self.items = list(items)
    def __iter__(self):
        print('  iter', self.items)
        return iter(self.items)


print('--- product')
print(list(product('ab', range(3))))
print(list(product('ab', repeat=2)), list(product(range(2), repeat=3)))
print(list(product()), list(product(repeat=3)), list(product('ab', repeat=0)))
print(list(product('ab', [])), list(product([], 'ab')), list(product('', repeat=0)))
print(list(product('abc')), list(product([1, 2], [3], [4, 5])))
print(list(product(1, repeat=0)))
p = product(Noisy('ab'), Noisy('xy'))
print('created')
print(next(p), next(p), list(p), list(p))
print(len(list(product(range(3), repeat=5))), list(product(range(3), repeat=5))[100:103])
x = product('ab', 'cd')
a = next(x)
b = next(x)
print(a, b, a is b)

class MyProduct(product):
    pass

print(type(MyProduct('a')).__name__, list(MyProduct('ab', repeat=2)))

print('--- permutations')
print(list(permutations('abc')), list(permutations('abc', 2)))
print(list(permutations(range(4), 1)), list(permutations('ab', 0)), list(permutations('', 0)))
print(list(permutations('')), list(permutations('ab', 3)), list(permutations('ab', None)))
print(list(permutations(iterable='abc', r=2)), list(permutations([1, 1, 2])))
print(len(list(permutations(range(6)))), list(permutations(range(6)))[300:302])
print(len(list(permutations(range(7), 3))), list(permutations(range(7), 3))[-3:])
print(list(permutations('abc', True)))
pe = permutations(Noisy([1, 2, 3]), 2)
print('created')
print(next(pe), list(pe))

print('--- combinations')
print(list(combinations('ABCD', 2)), list(combinations(range(4), 3)))
print(list(combinations('abc', 0)), list(combinations('', 0)), list(combinations('ab', 3)))
print(list(combinations(range(5), 5)), list(combinations('abc', 1)), list(combinations(r=2, iterable='xyz')))
print(len(list(combinations(range(12), 5))), list(combinations(range(12), 5))[400:402])
print(list(combinations([1, 1, 2], 2)))

class I:
    def __index__(self):
        return 2

print(list(combinations('abc', I())))

print('--- combinations_with_replacement')
print(list(cwr('ABC', 2)), list(cwr(range(3), 3)))
print(list(cwr('abc', 0)), list(cwr('', 0)), list(cwr('', 2)), list(cwr('a', 4)))
print(len(list(cwr(range(6), 4))), list(cwr(range(6), 4))[50:53])
print(list(cwr(iterable='ab', r=3)))

print('--- subclasses and iteration protocol')
for cls in (product, permutations, combinations, cwr):
    obj = cls('abc', 2) if cls is not product else cls('abc')
    print(cls.__name__, iter(obj) is obj, type(obj).__name__, next(obj))

class P(permutations):
    def __init__(self, *a, **k):
        self.note = 'sub'

pp = P('ab')
print(pp.note, list(pp))

class C(combinations):
    pass

c = C('abcd', 3)
c.attr = 5
print(c.attr, list(c), list(c))

print('--- large r is cheap when nothing is produced')
print(list(combinations('ab', 10 ** 9)), list(permutations('ab', 10 ** 9)))
print(list(islice(product(count(), repeat=0), 3)))
