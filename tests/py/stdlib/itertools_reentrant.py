# itertools: iterators re-entered from the callables and iterators they call (CPython's
# observable order of reads and results).
import itertools as it

class Src:
    """Iterator over items; at position `at` it runs hook() first (re-entrancy)."""
    def __init__(self, items, at=-1, hook=None):
        self.items = list(items); self.i = 0; self.at = at; self.hook = hook
    def __iter__(self):
        return self
    def __next__(self):
        if self.i == self.at and self.hook:
            h, self.hook = self.hook, None
            h()
        if self.i >= len(self.items):
            raise StopIteration
        self.i += 1
        return self.items[self.i - 1]

def show(label, f):
    try:
        print(label, f())
    except Exception as e:
        print(label, type(e).__name__, e)

gb = None
def key(x):
    if x == 3 and gb is not None:
        try:
            print('  inner', next(gb)[0])
        except StopIteration:
            print('  inner stop')
    return x // 2
gb = it.groupby(range(8), key)
show('groupby', lambda: [(k, list(g)) for k, g in gb])

holder = []
def grab():
    print('  inner grouper', next(holder[0], 'done'))
gb2 = it.groupby(Src([1, 1, 2, 2, 3], 1, grab))
k, g = next(gb2)
holder.append(g)
show('grouper', lambda: (k, list(g), [(k, list(g)) for k, g in gb2]))

pw = None
pw = it.pairwise(Src([1, 2, 3, 4, 5], 2, lambda: print('  inner pw', next(pw, 'x'))))
show('pairwise', lambda: list(pw))

isl = None
isl = it.islice(Src(range(10), 3, lambda: print('  inner isl', next(isl, 'x'))), 0, 8, 2)
show('islice', lambda: list(isl))

ch = None
ch = it.chain(Src([1, 2, 3], 1, lambda: print('  inner chain', next(ch, 'x'))), [5, 6])
show('chain', lambda: list(ch))

def f(a, b):
    if b == 2:
        print('  inner acc', next(acc, 'x'))
    return a + b
acc = it.accumulate([1, 2, 3, 4], f)
show('accumulate', lambda: list(acc))

zl = None
zl = it.zip_longest(Src([1, 2, 3], 1, lambda: print('  inner zl', next(zl, 'x'))), [7, 8, 9, 10])
show('zip_longest', lambda: list(zl))

t1 = None
def hook():
    try:
        print(next(t1))
    except RuntimeError as e:
        print('  RuntimeError', e)
t1, t2 = it.tee(Src([1, 2, 3], 1, hook))
show('tee', lambda: (list(t1), list(t2)))

cy = None
cy = it.cycle(Src([1, 2], 1, lambda: print('  inner cycle', next(cy))))
show('cycle', lambda: list(it.islice(cy, 6)))

cp = None
cp = it.compress(Src('abcdef', 2, lambda: print('  inner compress', next(cp, 'x'))), it.repeat(1))
show('compress', lambda: list(cp))

dw = None
dw = it.dropwhile(lambda x: x < 4, Src(range(8), 2, lambda: print('  inner dw', next(dw, 'x'))))
show('dropwhile', lambda: list(dw))

tw = None
tw = it.takewhile(lambda x: x < 6, Src(range(8), 2, lambda: print('  inner tw', next(tw, 'x'))))
show('takewhile', lambda: list(tw))

sm = None
sm = it.starmap(lambda *a: sum(a), Src([(1, 2), (3,), (4, 5)], 1, lambda: print('  inner sm', next(sm, 'x'))))
show('starmap', lambda: list(sm))

