# itertools: many parameter combinations of the combinatoric iterators, islice, zip_longest,
# groupby and tee (hashes of str tuples rely on PYTHONHASHSEED=0, as the runner sets).
import itertools as it
out = []
for n in range(0, 6):
    pool = 'abcdef'[:n]
    for r in range(0, 7):
        out.append((n, r, list(it.permutations(pool, r)) == list(it.permutations(pool, r)), len(list(it.permutations(pool, r))), len(list(it.combinations(pool, r))), len(list(it.combinations_with_replacement(pool, r)))))
        out.append(hash(tuple(it.permutations(pool, r))) & 0xffff)
        out.append(hash(tuple(it.combinations(pool, r))) & 0xffff)
        out.append(hash(tuple(it.combinations_with_replacement(pool, r))) & 0xffff)
    for rep in range(0, 4):
        out.append(hash(tuple(it.product(pool, 'xy'[:rep], repeat=rep))) & 0xffff)
for start in [None, 0, 1, 3, 10]:
    for stop in [None, 0, 1, 4, 9, 20]:
        for step in [None, 1, 2, 3, 7]:
            out.append(list(it.islice(range(12), start, stop, step)))
            out.append(list(it.islice(iter(range(12)), start, stop, step)))
for a in range(4):
    for b in range(4):
        out.append(list(it.zip_longest(range(a), 'xyz'[:b], fillvalue=0)))
        out.append([(k, list(g)) for k, g in it.groupby([1] * a + [2] * b + [1] * a)])
        x, y, z = it.tee(range(a * 30 + b), 3)
        out.append((list(it.islice(x, b * 20)), list(y), list(x)[-2:], list(z)[-3:]))
for line in out:
    print(line)
