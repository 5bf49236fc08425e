# Allocation-heavy container code (rooting across allocations; run under GC stress too).
words = ["w%d" % (i * 7 % 101) for i in range(300)]
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
print(len(counts), sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5])
table = {("k", i): [str(i)] * (i % 3) for i in range(200)}
print(len(table), table[("k", 7)], table[("k", 199)])
nested = [[{"i": i, "s": {i, i + 1}, "t": (i, str(i))} for i in range(j)] for j in range(12)]
print(nested[3], len(repr(nested)))
s1 = {str(i) for i in range(500)}
s2 = {str(i) for i in range(250, 750)}
print(len(s1 | s2), len(s1 & s2), len(s1 - s2), len(s1 ^ s2), sorted(s1 & {"1", "2", "x"}))
keyed = sorted((str(i)[::-1] for i in range(400)), key=lambda s: (len(s), s))
print(keyed[:8], keyed[-4:])
text = " ".join("tok%d" % i for i in range(300))
parts = text.split()
print(len(parts), parts[-1], text.upper()[:20], text.replace("tok", "T")[:25], text.count("tok1"))
print("|".join("{:>4}".format(p[-3:]) for p in parts[:10]))
print("".join("%s=%r;" % (k, v) for k, v in list(counts.items())[:4]))
fs = frozenset(frozenset(range(i)) for i in range(6))
print(len(fs), frozenset() in fs, sorted(len(x) for x in fs))
d = {}
for i in range(1000):
    d["key%d" % i] = i
for i in range(0, 1000, 2):
    del d["key%d" % i]
print(len(d), list(d)[:3], d["key999"], "key2" in d)
lst = []
for i in range(300):
    lst.insert(len(lst) // 2, [i, str(i)])
print(len(lst), lst[:2], lst[150])
lst[10:290] = [tuple(x) for x in lst[10:290]]
print(lst[9:12], len(lst))
bts = b"".join(bytes([i % 256]) * 3 for i in range(300))
print(len(bts), bts[:9], bts.count(b"\x05"), bytearray(bts).replace(b"\x00", b"Z")[:6])
z = list(zip(range(100), map(str, range(100)), (x * x for x in range(100))))
print(z[:3], z[-1], dict(enumerate(z[:2])))
print([list(range(i)) for i in range(5)], [(a, b) for a in "ab" for b in (1, 2)])
