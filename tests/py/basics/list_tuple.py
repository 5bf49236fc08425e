# list and tuple methods and reprs.
L = [3, 1, 4, 1, 5, 9, 2, 6]
print(L, len(L), L.count(1), L.index(5), L.index(1, 2), 9 in L)
L.append(5)
L.extend([3, 5])
L.insert(0, 10)
L.insert(-1, 11)
L.insert(100, 12)
print(L)
print(L.pop(), L.pop(0), L.pop(-2), L)
L.remove(1)
print(L)
L.sort()
print(L)
L.sort(reverse=True)
print(L)
L.reverse()
print(L, L[::-1] == sorted(L, reverse=True))
words = ["pear", "Fig", "apple", "kiwi", "banana", "date"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len), sorted(words, key=len, reverse=True))
pairs = [(2, "b"), (1, "z"), (2, "a"), (1, "y")]
print(sorted(pairs), sorted(pairs, key=lambda p: p[0]), sorted(pairs, key=lambda p: p[0], reverse=True))
c = L.copy()
c.clear()
print(c, L[:3], [] == [], [1] * 3, [[0] * 2] * 2, [1, 2] + [3])
nested = [1, [2, [3, [4]]], (5, 6), "s", None, 1.5, {"k": [7]}]
print(nested, repr(nested), str(nested))
rec = [1, 2]
rec.append(rec)
print(rec)
t = (1, 2, 3, 2)
print(t, (1,), (), tuple([1, 2]), t.count(2), t.index(3), t + (4,), t * 2, len(t))
print((1, (2, 3)), ((),), tuple(), (None,), ("a", 1.0))
a, *rest = t
print(a, rest, t[1:], hash((1, 2)) == hash((1, 2)), (1, 2) == (1, 2))
print(list(range(5)), list("ab"), list((1, 2)), list({3: 4}), list(x * x for x in range(4)))
M = [[i * 3 + j for j in range(3)] for i in range(3)]
print(M, [row[1] for row in M], list(zip(*M)))
L2 = [5, 3, 8]
L2 += [1]
L2 *= 2
print(L2, max(L2), min(L2), sum(L2))
L3 = [0] * 5
for i in range(5):
    L3[i] = i * i
L3[-1] = 99
print(L3, L3 == [0, 1, 4, 9, 99], L3 < [0, 1, 5], [1, 2, 3] > [1, 2])
big = list(range(1000))
print(sum(big), big[500], len(big[::7]), big[-1])
stable = sorted([("x", 2), ("y", 1), ("z", 2), ("w", 1)], key=lambda p: p[1])
print(stable)
print(sorted([3, 1, 2], key=None), list(reversed([1, 2, 3])), [1, 2, 3].__len__())
